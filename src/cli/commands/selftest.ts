import { list, parseFlags, positiveInt, SPEC_FLAG } from '../args';
import { SELFTEST_HELP } from '../help';
import type { CliIo, Command } from '../io';
import { batteryTable, runFaultBattery } from '../../selftest/battery';
import { behaviourWithFaults } from '../../mock/faults';

async function selftest(args: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, {
    ...SPEC_FLAG,
    fault: { type: 'string', multiple: true },
    concurrency: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help) {
    io.stdout.write(`${SELFTEST_HELP}\n`);
    return 0;
  }
  const faults = list(flags.fault);
  behaviourWithFaults(faults, flags.spec); // an unknown fault is bad input: say so before running anything
  const result = await runFaultBattery({
    ...(faults.length > 0 ? { faults } : {}),
    ...(flags.spec !== undefined ? { spec: flags.spec } : {}),
    concurrency: positiveInt('concurrency', flags.concurrency, 4),
    onOutcome: (o, done, total) => {
      if (!o.caught) io.stderr.write(`[${done}/${total}] MISSED ${o.fault ?? ''}: ${o.description}\n`);
    },
  });
  for (const line of batteryTable(result)) io.stdout.write(`${line}\n`);
  return !result.clean.caught && result.caught === result.total ? 0 : 1;
}

export const selftestCommand: Command = { run: selftest };
