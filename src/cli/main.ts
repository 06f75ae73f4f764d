import { ArgsError, didYouMean } from './args';
import { commandHelp } from './help';
import type { CliIo, Command } from './io';
import { BadInputError } from '../errors';
import { addEnvironmentSecrets, redactingStream } from '../client/redact';
import { neutralisingStream } from '../io/neutral';

/** A subcommand by name: its one-line summary, and its module, required only when it runs (Pact's native core alone takes a quarter second to load). */
interface CommandEntry {
  summary: string;
  load: () => Command;
}

export const COMMANDS: Record<string, CommandEntry> = {
  run: {
    summary: 'run the case table against a target and write the conformance reports (the default)',
    load: () => (require('./commands/run') as typeof import('./commands/run')).runCommand,
  },
  list: {
    summary: 'print the case table (id, expected outcome, title) without running anything',
    load: () => (require('./commands/list') as typeof import('./commands/list')).listCommand,
  },
  mock: {
    summary: 'run the reference mock alone, for other tools to test against',
    load: () => (require('./commands/mock') as typeof import('./commands/mock')).mockCommand,
  },
  selftest: {
    summary: 'prove the suite catches faulty targets: run it against the mock with each fault switched on',
    load: () => (require('./commands/selftest') as typeof import('./commands/selftest')).selftestCommand,
  },
  explore: {
    summary: 'generate requests from the spec, judge each against the reference validator, shrink what disagrees to a case',
    load: () => (require('./commands/explore') as typeof import('./commands/explore')).exploreCommand,
  },
  pact: {
    summary: 'write Pact contracts from the case table (and publish them with --publish)',
    load: () => (require('./commands/pact') as typeof import('./commands/pact')).pactCommand,
  },
  verify: {
    summary: "verify Pact contracts (ours or any consumer's) against a target",
    load: () => (require('./commands/verify') as typeof import('./commands/verify')).verifyCommand,
  },
  sweep: {
    summary: "delete what crashed runs left: only resources with the suite's name prefix and run-id tag",
    load: () => (require('./commands/sweep') as typeof import('./commands/sweep')).sweepCommand,
  },
  'import-model': {
    summary: "write the model edition's spec of an operation from AWS's Smithy model (contracts/model)",
    load: () => (require('./commands/import-model') as typeof import('./commands/import-model')).importModelCommand,
  },
  diff: {
    summary: 'compare two reports (e.g. last night and tonight): cases whose outcome changed',
    load: () => (require('./commands/diff') as typeof import('./commands/diff')).diffCommand,
  },
  learn: {
    summary: 'judge a recording by the table and propose what differs as contracts/*/observed entries (never edits them)',
    load: () => (require('./commands/learn') as typeof import('./commands/learn')).learnCommand,
  },
  'diff-recordings': {
    summary: 'compare two recordings (e.g. two nights): answers that changed (a status, a code, a message, a member)',
    load: () => (require('./commands/diff-recordings') as typeof import('./commands/diff-recordings')).diffRecordingsCommand,
  },
  merge: {
    summary: 'put runs side by side (targets, shards, regions): score and matrix per operation (JSON, Markdown, HTML)',
    load: () => (require('./commands/merge') as typeof import('./commands/merge')).mergeCommand,
  },
};

/** The CLI: returns the exit code; never calls process.exit itself except on a second Ctrl-C. */
export async function main(argv: string[], given: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  // The one redaction point: every line the CLI prints passes through it, as every file it writes does (writeAtomic).
  addEnvironmentSecrets(given.env);
  // Redaction first, then neutralisation: a secret is removed whole before any of its characters is escaped.
  const io: CliIo = { stdout: redactingStream(neutralisingStream(given.stdout)), stderr: redactingStream(neutralisingStream(given.stderr)), env: given.env };
  const [first, ...rest] = argv;
  try {
    if (first === '--version' || first === '-V' || first === 'version') {
      const { SUITE_VERSION } = require('../version') as typeof import('../version');
      io.stdout.write(`${SUITE_VERSION}\n`);
      return 0;
    }
    if (first === '--help' || first === '-h' || first === 'help') {
      io.stdout.write(`${commandHelp(COMMANDS)}\n`);
      return 0;
    }
    if (first === undefined || first.startsWith('-')) return await COMMANDS.run!.load().run(argv, io);
    const command = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
    if (!command) {
      const guess = didYouMean(first, Object.keys(COMMANDS));
      throw new ArgsError(`unknown command "${first}"; ${guess ? `did you mean "${guess}"? ` : ''}commands: ${Object.keys(COMMANDS).join(', ')}`);
    }
    return await command.load().run(rest, io);
  } catch (error) {
    if (error instanceof BadInputError) {
      const usage = error.showsUsage ? "\nRun 'sagemaker-conformance --help' for usage." : '';
      io.stderr.write(`sagemaker-conformance: ${error.message}${usage}\n`);
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
