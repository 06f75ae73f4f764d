import { join } from 'node:path';
import { parseFlags, type Options } from '../args';
import { helpText } from '../help';
import type { CliIo, Command } from '../io';
import { importChecked, previousImport, REPOSITORY_ROOT, SAMPLE_CASE_NAMES, writeImported } from '../../model/refresh';
import { changesMarkdown, changesText, specChanges } from '../../model/changes';
import { writeAtomic } from '../../report/write';
import { keepChecksum } from '../model-checksum';
import { ArgsError } from '../args';

const DEFAULT_MODEL = join(REPOSITORY_ROOT, 'contracts/model/smithy/sagemaker-2017-07-24.json');

/** The flags `import-model` takes: the parser and the help both read them. */
const IMPORT_MODEL_FLAGS = {
  operation: { type: 'string' },
  smithy: { type: 'string' },
  model: { type: 'string' },
  overlay: { type: 'string' },
  observed: { type: 'string' },
  provenance: { type: 'string' },
  out: { type: 'string' },
  /** Also write the change summary as Markdown (for a pull request's description). */
  summary: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

function importModel(args: string[], io: CliIo): number {
  const flags = parseFlags(args, IMPORT_MODEL_FLAGS);
  if (flags.help) {
    io.stdout.write(helpText('import-model', IMPORT_MODEL_FLAGS));
    return 0;
  }
  if (!flags.operation) throw new ArgsError('import-model needs --operation NAME (for example CreateEndpointConfig)');
  if (flags.smithy !== undefined && flags.model !== undefined && flags.smithy !== flags.model)
    throw new ArgsError('--smithy and --model disagree: --model is the old spelling of --smithy; give one');
  const out = flags.out ?? join(REPOSITORY_ROOT, 'contracts/model');
  const options = {
    model: flags.smithy ?? flags.model ?? DEFAULT_MODEL,
    operation: flags.operation,
    overlay: flags.overlay ?? join(out, 'overlays', `${flags.operation}.json`),
    observed: flags.observed ?? join(out, 'observed', `${flags.operation}.json`),
    ...(flags.provenance ? { provenance: flags.provenance } : {}),
  };
  const previous = previousImport(out, flags.operation);
  const imported = importChecked(options, previous);
  const changes = specChanges(previous, imported, SAMPLE_CASE_NAMES);
  const files = writeImported(imported, options, out);
  files.push(...keepChecksum(options.model, flags.operation, out, io));
  io.stdout.write(changesText(changes));
  if (flags.summary) {
    writeAtomic(flags.summary, changesMarkdown(flags.operation, changes));
    files.push(flags.summary);
  }
  const covered = imported.constraints.length - imported.uncovered.length;
  io.stdout.write(
    `${flags.operation}: ${imported.constraints.length} constraints in the model, ${covered} with cases, ${imported.uncovered.length} listed as uncovered with reasons; ${imported.cases.length} cases (${Object.keys(imported.spec.suppress ?? {}).length} left out with reasons)\n`,
  );
  for (const file of files) io.stdout.write(`wrote ${file}\n`);
  return 0;
}

export const importModelCommand: Command = { run: importModel };
