import { readInputFile } from '../io/input-file';
import { UsageError } from '../errors';
import type { ConformanceReport } from './model';
import { MERGED_FORMAT, type MergedReport } from './merged';
import { snippet } from '../client/parse';

/** A report file that is missing, not JSON, or not a report: bad input (exit 2). */
export class ReportFileError extends UsageError {
  override name = 'ReportFileError';
}

export type AnyReport = { kind: 'run'; report: ConformanceReport; file: string } | { kind: 'merged'; report: MergedReport; file: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a `conformance.json` or a merged report, checking the parts drift and merging rely on. */
export function readReport(file: string): AnyReport {
  let text: string;
  try {
    text = readInputFile(file);
  } catch (error) {
    throw new ReportFileError(`cannot read report ${file}: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ReportFileError(`${file} is not JSON: ${JSON.stringify(snippet(text))}`);
  }
  if (!isObject(data)) throw new ReportFileError(`${file} is not a report (not a JSON object)`);
  if (data.format === MERGED_FORMAT) {
    if (!Array.isArray(data.columns) || !Array.isArray(data.cases) || !isObject(data.matrix))
      throw new ReportFileError(`${file}: merged report without columns, cases or matrix`);
    for (const [id, row] of Object.entries(data.matrix as Record<string, unknown>)) {
      if (!isObject(row)) throw new ReportFileError(`${file}: matrix["${id}"] is not an object`);
      for (const [key, outcome] of Object.entries(row)) {
        const at = `${file}: matrix["${id}"]["${key}"]`;
        if (!isObject(outcome) || typeof outcome.status !== 'string' || !Array.isArray(outcome.steps))
          throw new ReportFileError(`${at} needs status and steps`);
        for (const [n, step] of (outcome.steps as unknown[]).entries()) if (!isObject(step)) throw new ReportFileError(`${at}.steps[${n}] is not an object`);
      }
    }
    return { kind: 'merged', report: data as unknown as MergedReport, file };
  }
  const target = data.target;
  if (typeof data.runId !== 'string' || !Array.isArray(data.cases) || !isObject(target) || typeof target.region !== 'string' || !isObject(data.summary)) {
    throw new ReportFileError(`${file} is not a conformance report (needs runId, target.region, summary and cases)`);
  }
  for (const [i, c] of (data.cases as unknown[]).entries()) {
    if (!isObject(c) || typeof c.id !== 'string' || typeof c.status !== 'string' || !Array.isArray(c.steps))
      throw new ReportFileError(`${file}: cases[${i}] needs id, status and steps`);
    for (const [n, step] of (c.steps as unknown[]).entries()) {
      if (!isObject(step) || !isObject(step.actual)) throw new ReportFileError(`${file}: cases[${i}].steps[${n}] is not a step with an "actual" object`);
    }
  }
  return { kind: 'run', report: data as unknown as ConformanceReport, file };
}
