import { ArgsError } from './args';
import { commandHelp } from './help';
import type { CliIo, Command } from './io';
import { UsageError } from '../engine/run';
import { ExpectationsError } from '../engine/expectations';
import { ContractError } from '../spec/load';
import { TargetError } from '../target/targets';
import { UnknownFaultError } from '../mock/faults';
import { runCommand } from './commands/run';
import { listCommand } from './commands/list';
import { mockCommand } from './commands/mock';
import { pactCommand } from './commands/pact';
import { verifyCommand } from './commands/verify';
import { PactContractError } from '../pact/contract';
import { PactSourceError } from '../pact/verify';
import { UnknownStateError } from '../pact/states';
import { BrokerConfigError } from '../pact/broker';
import { sweepCommand } from './commands/sweep';
import { diffCommand } from './commands/diff';
import { mergeCommand } from './commands/merge';
import { ShardError } from '../engine/shard';
import { selftestCommand } from './commands/selftest';

/** Every subcommand; `run` is also what a bare flag list means. */
export const COMMANDS: Record<string, Command> = {
  run: runCommand,
  list: listCommand,
  mock: mockCommand,
  pact: pactCommand,
  verify: verifyCommand,
  sweep: sweepCommand,
  diff: diffCommand,
  merge: mergeCommand,
  selftest: selftestCommand,
};

function isUsageProblem(error: unknown): boolean {
  return [ArgsError, UsageError, ExpectationsError, TargetError, UnknownFaultError, ContractError, PactContractError, PactSourceError, UnknownStateError, BrokerConfigError, ShardError].some((E) => error instanceof E);
}

/** The CLI: returns the exit code; never calls process.exit itself except on a second Ctrl-C. */
export async function main(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  const [first, ...rest] = argv;
  try {
    if (first === '--help' || first === '-h' || first === 'help') {
      io.stdout.write(`${commandHelp(COMMANDS)}\n`);
      return 0;
    }
    if (first === undefined || first.startsWith('-')) return await runCommand.run(argv, io);
    const command = COMMANDS[first];
    if (!command) throw new ArgsError(`unknown command "${first}"; commands: ${Object.keys(COMMANDS).join(', ')}`);
    return await command.run(rest, io);
  } catch (error) {
    if (isUsageProblem(error)) {
      io.stderr.write(`sagemaker-conformance: ${(error as Error).message}\nRun 'sagemaker-conformance --help' for usage.\n`);
      return 2;
    }
    io.stderr.write(`sagemaker-conformance: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    return 2;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
