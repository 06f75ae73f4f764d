import { join, resolve } from 'node:path';
import { existsSync, mkdirSync } from 'node:fs';
import { checkLabel } from '../../report/label';
import { ArgsError, parseFlagsAndFiles, type Options } from '../args';
import { helpText } from '../help';
import type { CliIo, Command } from '../io';
import { readReport } from '../../report/load';
import { mergedExitCode, mergeReports, MergeError } from '../../report/merged';
import { renderMergedHtml, renderMergedMarkdown } from '../../report/merged-render';
import { writeAtomic } from '../../report/write';
import { countsLine } from '../../report/model';
import { redact } from '../../client/redact';
import { planRun } from '../../engine/session';
import { UsageError } from '../../errors';

export const MERGED_FILES = { json: 'merged.json', markdown: 'merged.md', html: 'merged.html' } as const;

/** The flags `merge` takes: the parser and the help both read them. */
const MERGE_FLAGS = { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const satisfies Options;

async function merge(args: string[], io: CliIo): Promise<number> {
  const { flags, files } = parseFlagsAndFiles(args, MERGE_FLAGS);
  if (flags.help) {
    io.stdout.write(helpText('merge', MERGE_FLAGS));
    return 0;
  }
  if (files.length === 0) throw new ArgsError('merge needs one or more conformance.json reports');
  const given = files.map(labelled);
  const inputs = given.map(({ file, label }) => ({ input: readReport(file), label }));
  const merged = inputs.find((i) => i.input.kind === 'merged');
  if (merged) throw new UsageError(`${merged.input.file} is already a merged report; merge the runs' own conformance.json files`);
  const runs = inputs.flatMap(({ input, label }) => (input.kind === 'run' ? [{ file: input.file, report: input.report, ...(label ? { label } : {}) }] : []));
  let result;
  try {
    result = mergeReports(runs, { caseOrder: planRun({ runId: 'merge' }).cases.map((c) => c.id) });
  } catch (error) {
    if (error instanceof MergeError) throw new UsageError(error.message);
    throw error;
  }
  const dir = resolve(flags.out ?? 'reports/merged');
  mkdirSync(dir, { recursive: true });
  const outputs: [string, string][] = [
    [MERGED_FILES.json, `${JSON.stringify(result, null, 2)}\n`],
    [MERGED_FILES.markdown, renderMergedMarkdown(result)],
    [MERGED_FILES.html, renderMergedHtml(result)],
  ];
  const written = outputs.map(([name, text]) => {
    writeAtomic(join(dir, name), redact(text));
    return join(dir, name);
  });
  for (const c of result.columns) {
    const s = c.summary;
    io.stdout.write(
      `${c.key}: ${countsLine(s)}${c.missingShards.length ? `, missing shards ${c.missingShards.join(',')}` : ''}${c.complete ? '' : ' (incomplete)'}\n`,
    );
  }
  io.stderr.write(`merged ${inputs.length} report(s) into ${result.columns.length} target(s) × ${result.cases.length} cases: ${written.join(', ')}\n`);
  return mergedExitCode(result);
}

/**
 * `REPORT.json=LABEL` names the report's column; a plain path (or one that exists as written, `=` and all) has none.
 * The label is after the last `=`, so a path may hold one.
 */
export function labelled(arg: string): { file: string; label?: string } {
  const at = arg.lastIndexOf('=');
  if (at < 0 || existsSync(arg)) return { file: arg };
  const file = arg.slice(0, at);
  if (file === '') throw new ArgsError(`${JSON.stringify(arg)}: give REPORT.json=LABEL, the report before the =`);
  return { file, label: checkLabel(arg.slice(at + 1), `${file}=`) };
}

export const mergeCommand: Command = { run: merge };
