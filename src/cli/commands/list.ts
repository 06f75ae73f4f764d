import { list as listFlag, parseFlags, SPEC_FLAG, editionFlag, type Options } from '../args';
import { helpText } from '../help';
import type { CliIo, Command } from '../io';
import { prepareRun } from '../../runner/run';
import { confirmations } from '../../runner/recording';
import { evidenceOf } from '../../engine/evidence';
import { DEFAULT_EDITION } from '../../spec/editions';

/** The flags `list` takes: the parser and the help both read them. */
const LIST_FLAGS = {
  ...SPEC_FLAG,
  only: { type: 'string', multiple: true },
  operation: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

function listCases(args: string[], io: CliIo): number {
  const flags = parseFlags(args, LIST_FLAGS);
  if (flags.help) {
    io.stdout.write(helpText('list', LIST_FLAGS));
    return 0;
  }
  const { cases } = prepareRun({
    target: { kind: 'mock' },
    only: listFlag(flags.only),
    ...(flags.operation !== undefined ? { operations: listFlag(flags.operation) } : {}),
    runId: 'listing',
    ...(editionFlag(flags) !== undefined ? { edition: editionFlag(flags) } : {}),
  });
  if (flags.json) {
    // Each case with how well its expectation is known (src/engine/evidence.ts).
    const confirmed = confirmations(cases, editionFlag(flags) ?? DEFAULT_EDITION);
    io.stdout.write(
      `${JSON.stringify(
        cases.map((c) => ({ ...c, evidence: evidenceOf(c, confirmed) })),
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  for (const c of cases) {
    const expected = c.steps.map((s) => (s.expect.outcome === 'accept' ? 'accept' : `reject ${s.expect.status}`)).join(' → ');
    io.stdout.write(`${c.id.padEnd(58)} ${expected.padEnd(24)} ${c.title}\n`);
  }
  // The count is a note, not data: `list | wc -l` counts cases.
  io.stderr.write(`${cases.length} cases\n`);
  return 0;
}

export const listCommand: Command = { run: listCases };
