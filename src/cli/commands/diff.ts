import { ArgsError, parseFlagsAndFiles, type Options } from '../args';
import { helpText } from '../help';
import type { CliIo, Command } from '../io';
import { diffReports, renderDiff } from '../../report/diff';
import { readReport } from '../../report/load';
import { writeAtomic } from '../../report/write';

/** The flags `diff` takes: the parser and the help both read them. */
const DIFF_FLAGS = {
  'fail-on-change': { type: 'boolean' },
  messages: { type: 'boolean' },
  json: { type: 'boolean' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

async function diff(args: string[], io: CliIo): Promise<number> {
  const { flags, files } = parseFlagsAndFiles(args, DIFF_FLAGS);
  if (flags.help) {
    io.stdout.write(helpText('diff', DIFF_FLAGS));
    return 0;
  }
  if (files.length !== 2) throw new ArgsError(`diff needs two reports, OLD.json NEW.json (got ${files.length})`);
  const [before, after] = files.map(readReport) as [ReturnType<typeof readReport>, ReturnType<typeof readReport>];
  const result = diffReports(before, after, { compareMessages: flags.messages });
  const text = renderDiff(result, { before: before.file, after: after.file });
  if (flags.out) writeAtomic(flags.out, flags.out.endsWith('.json') ? `${JSON.stringify(result, null, 2)}\n` : text);
  io.stdout.write(flags.json ? `${JSON.stringify(result, null, 2)}\n` : `${text}\n`);
  return flags['fail-on-change'] && result.changed.length > 0 ? 1 : 0;
}

export const diffCommand: Command = { run: diff };
