import { list as listFlag, parseFlags, SPEC_FLAG } from '../args';
import { LIST_HELP } from '../help';
import type { CliIo, Command } from '../io';
import { prepareRun } from '../../engine/run';

function listCases(args: string[], io: CliIo): number {
  const flags = parseFlags(args, { ...SPEC_FLAG, only: { type: 'string', multiple: true }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (flags.help) {
    io.stdout.write(`${LIST_HELP}\n`);
    return 0;
  }
  const { cases } = prepareRun({
    target: { kind: 'mock' },
    only: listFlag(flags.only),
    runId: 'listing',
    ...(flags.spec !== undefined ? { spec: flags.spec } : {}),
  });
  if (flags.json) {
    io.stdout.write(`${JSON.stringify(cases, null, 2)}\n`);
    return 0;
  }
  for (const c of cases) {
    const expected = c.steps.map((s) => (s.expect.outcome === 'accept' ? 'accept' : `reject ${s.expect.status}`)).join(' → ');
    io.stdout.write(`${c.id.padEnd(58)} ${expected.padEnd(24)} ${c.title}\n`);
  }
  io.stdout.write(`${cases.length} cases\n`);
  return 0;
}

export const listCommand: Command = { run: listCases };
