import { ArgsError, parseFlagsAndFiles, type Options } from '../args';
import { helpText } from '../help';
import type { CliIo, Command } from '../io';
import { readRecording } from '../../client/recording/read';
import { diffRecordings, renderRecordingDiff } from '../../report/recording-diff';
import { writeAtomic } from '../../report/write';

/** The flags `diff-recordings` takes: the parser and the help both read them. */
const DIFF_RECORDINGS_FLAGS = {
  'fail-on-change': { type: 'boolean' },
  json: { type: 'boolean' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

async function diffRecordingsCli(args: string[], io: CliIo): Promise<number> {
  const { flags, files } = parseFlagsAndFiles(args, DIFF_RECORDINGS_FLAGS);
  if (flags.help) {
    io.stdout.write(helpText('diff-recordings', DIFF_RECORDINGS_FLAGS));
    return 0;
  }
  if (files.length !== 2) throw new ArgsError(`diff-recordings needs two recording folders, OLD NEW (got ${files.length})`);
  const [before, after] = files.map(readRecording) as [ReturnType<typeof readRecording>, ReturnType<typeof readRecording>];
  const result = diffRecordings(before, after);
  const text = renderRecordingDiff(result);
  if (flags.out) writeAtomic(flags.out, flags.out.endsWith('.json') ? `${JSON.stringify(result, null, 2)}\n` : text);
  io.stdout.write(flags.json ? `${JSON.stringify(result, null, 2)}\n` : text);
  return flags['fail-on-change'] && result.changes.length > 0 ? 1 : 0;
}

export const diffRecordingsCommand: Command = { run: diffRecordingsCli };
