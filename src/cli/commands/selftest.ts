import { list, parseFlags, positiveInt, SPEC_FLAG, editionFlag, type Options } from '../args';
import { helpText } from '../help';
import type { CliIo, Command } from '../io';
import { batteryTable, runFaultBattery } from '../../selftest/battery';
import { behaviourWithFaults } from '../../mock/faults';

/** The flags `selftest` takes: the parser and the help both read them. */
const SELFTEST_FLAGS = {
  ...SPEC_FLAG,
  fault: { type: 'string', multiple: true },
  concurrency: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

async function selftest(args: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, SELFTEST_FLAGS);
  if (flags.help) {
    io.stdout.write(helpText('selftest', SELFTEST_FLAGS));
    return 0;
  }
  const faults = list(flags.fault);
  behaviourWithFaults(faults, editionFlag(flags)); // an unknown fault is bad input: say so before running anything
  const result = await runFaultBattery({
    ...(faults.length > 0 ? { faults } : {}),
    ...(editionFlag(flags) !== undefined ? { edition: editionFlag(flags) } : {}),
    concurrency: positiveInt('concurrency', flags.concurrency, 4),
    onOutcome: (o, done, total) => {
      if (!o.caught) io.stderr.write(`[${done}/${total}] MISSED ${o.fault ?? ''}: ${o.description}\n`);
    },
  });
  for (const line of batteryTable(result)) io.stdout.write(`${line}\n`);
  return !result.clean.caught && result.caught === result.total ? 0 : 1;
}

export const selftestCommand: Command = { run: selftest };
