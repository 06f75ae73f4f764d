import { ArgsError, editionFlag, parseFlagsAndFiles, SPEC_FLAG, type Options } from '../args';
import { helpText } from '../help';
import type { CliIo, Command } from '../io';
import { readRecording } from '../../client/recording/read';
import { learnFromRecording } from '../../runner/learn';
import { writeAtomic } from '../../report/write';

/** The flags `learn` takes: the parser and the help both read them. */
const LEARN_FLAGS = {
  ...SPEC_FLAG,
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

async function learn(args: string[], io: CliIo): Promise<number> {
  const { flags, files } = parseFlagsAndFiles(args, LEARN_FLAGS);
  if (flags.help) {
    io.stdout.write(helpText('learn', LEARN_FLAGS));
    return 0;
  }
  if (files.length !== 1) throw new ArgsError(`learn needs one recording folder, DIR (got ${files.length})`);
  if (flags.out !== undefined && flags.out.trim() === '') throw new ArgsError('--out must name a file, not be empty');
  const recording = readRecording(files[0]!);
  const edition = editionFlag(flags);
  const proposal = await learnFromRecording(recording, edition !== undefined ? { edition } : {});
  const text = `${JSON.stringify(proposal, null, 2)}\n`;
  if (flags.out !== undefined) writeAtomic(flags.out, text);
  else io.stdout.write(text);
  const entries = Object.values(proposal.observed).reduce((n, f) => n + Object.keys(f.protocol).length, 0);
  io.stderr.write(
    `learn: ${proposal.confirmed.total} case(s) confirmed by the recording; ${entries} proposed observed entr${entries === 1 ? 'y' : 'ies'}; ` +
      `${proposal.notExpressible.length} difference(s) no observed entry can express; ${proposal.unjudged.length} case(s) not judged` +
      `${flags.out !== undefined ? ` (${flags.out})` : ''}\n`,
  );
  return entries + proposal.notExpressible.length > 0 ? 1 : 0;
}

export const learnCommand: Command = { run: learn };
