import { ArgsError, parseFlags, type Options } from '../args';
import { helpText } from '../help';
import type { CliIo, Command } from '../io';

/** Pact's own broker commands, passed through to `pact-broker` with the broker from PACT_BROKER_BASE_URL / _TOKEN. */
const BROKER_COMMANDS = new Set(['can-i-deploy', 'record-deployment']);

async function brokerCommand(args: string[], io: CliIo): Promise<number> {
  if (args.includes('--broker-base-url') || args.includes('-b')) throw new ArgsError(`pact ${args[0]}: the broker comes from PACT_BROKER_BASE_URL`);
  if (args.some((a) => a === '--broker-token' || a === '-k'))
    throw new ArgsError(`pact ${args[0]}: the token comes from PACT_BROKER_TOKEN, never the command line`);
  const { brokerFromEnv, pactBroker } = require('../../pact/broker') as typeof import('../../pact/broker');
  const broker = brokerFromEnv(io.env);
  const result = await pactBroker(args, broker, io.env);
  io.stdout.write(result.output.endsWith('\n') || !result.output ? result.output : `${result.output}\n`);
  // pact-broker exits 1 for "no" and for errors alike; anything else is its own crash.
  return result.exitCode === 0 ? 0 : 1;
}

/** The flags `pact` takes: the parser and the help both read them. */
const PACT_FLAGS = {
  dir: { type: 'string' },
  consumer: { type: 'string' },
  provider: { type: 'string' },
  publish: { type: 'boolean' },
  version: { type: 'string' },
  branch: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

async function pact(args: string[], io: CliIo): Promise<number> {
  if (args[0] && BROKER_COMMANDS.has(args[0])) return brokerCommand(args, io);
  const flags = parseFlags(args, PACT_FLAGS);
  if (flags.help) {
    io.stdout.write(helpText('pact', PACT_FLAGS));
    return 0;
  }
  // Pact's modules (and its native core) load only when the command runs, not for --help.
  const { DEFAULT_PACT_DIR, writeContracts } = require('../../pact/consumer') as typeof import('../../pact/consumer');
  const { PactContractError } = require('../../pact/contract') as typeof import('../../pact/contract');
  const { brokerFromEnv, publishPacts, versionAndBranch } = require('../../pact/broker') as typeof import('../../pact/broker');
  if (!flags.publish && (flags.version !== undefined || flags.branch !== undefined)) throw new ArgsError('--version and --branch only go with --publish');
  // Broker settings are checked before anything is written, so a typo costs nothing.
  const broker = flags.publish ? brokerFromEnv(io.env) : undefined;
  const version = flags.publish ? versionAndBranch({ version: flags.version, branch: flags.branch }, 'consumer') : undefined;
  let written = 0;
  let file: string;
  try {
    ({ file } = await writeContracts({
      dir: flags.dir ?? DEFAULT_PACT_DIR,
      names: { consumer: flags.consumer, provider: flags.provider },
      env: io.env,
      onInteraction: (i) => {
        written += 1;
        io.stderr.write(`✓ ${i.description}\n`);
      },
    }));
  } catch (error) {
    if (error instanceof PactContractError) throw error; // the table changed under the contract: bad input, exit 2
    io.stderr.write(`✗ ${(error as Error).message.split('\n')[0]}\n${written} passed, 1 failed, 0 skipped\n`);
    return 1;
  }
  io.stdout.write(`wrote ${written} interactions to ${file}\n`);
  if (broker && version) {
    const result = await publishPacts([file], version, broker, io.env);
    io.stderr.write(result.output);
    if (result.exitCode !== 0) {
      io.stderr.write(`publishing to ${broker.url} failed (pact-broker exit ${result.exitCode})\n`);
      return 1;
    }
    io.stdout.write(`published to ${broker.url} as version ${version.version}${version.branch ? ` on branch ${version.branch}` : ''}\n`);
  }
  io.stdout.write(`${written} passed, 0 failed, 0 skipped\n`);
  return 0;
}

export const pactCommand: Command = { run: pact };
