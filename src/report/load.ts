import { readInputFile } from '../io/input-file';
import { nestingDepth } from '../io/bounded-json';
import { MAX_INPUT_DEPTH } from '../io/input-file';
import { UsageError } from '../errors';
import type { ConformanceReport } from './model';
import { MERGED_FORMAT, type MergedReport } from './merged';
import { snippet } from '../client/parse';
import { readGroups } from './groups-read';
import { checkLabel } from './label';

/** A report file that is missing, not JSON, or not a report: bad input (exit 2). */
export class ReportFileError extends UsageError {
  override name = 'ReportFileError';
  // The file was wrong, not the command line: the one line says which file and what, without a pointer to --help.
  override readonly showsUsage = false;
}

export type AnyReport = { kind: 'run'; report: ConformanceReport; file: string } | { kind: 'merged'; report: MergedReport; file: string };

const STATUSES: ReadonlySet<string> = new Set(['passed', 'failed', 'errored', 'skipped', 'expected-failure', 'unexpected-pass']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A field of a report that is not what the renderers read: `cases[3].title is not a string`. */
class FieldError extends Error {}

type Shape = 'string' | 'number' | 'boolean' | 'object' | 'list' | 'status' | 'string or null';

function fits(value: unknown, shape: Shape): boolean {
  switch (shape) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'object':
      return isObject(value);
    case 'list':
      return Array.isArray(value);
    case 'status':
      return typeof value === 'string' && STATUSES.has(value);
    case 'string or null':
      return typeof value === 'string' || value === null;
  }
}

const SHAPE_WORDS: Record<Shape, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  object: 'an object',
  list: 'a list',
  status: `a case status (${[...STATUSES].join(', ')})`,
  'string or null': 'a string or null',
};

/** `owner[field]`, which must have `shape` (or be absent, when optional); read as an own property only. */
function field(owner: Record<string, unknown>, name: string, shape: Shape, at: string, optional = false): unknown {
  const value = Object.hasOwn(owner, name) ? owner[name] : undefined;
  if (value === undefined && optional) return undefined;
  const path = `${at}${at ? '.' : ''}${name}`;
  if (value === undefined) throw new FieldError(`${path} is missing (${SHAPE_WORDS[shape]} is needed)`);
  if (!fits(value, shape)) throw new FieldError(`${path} is not ${SHAPE_WORDS[shape]}`);
  return value;
}

const object = (owner: Record<string, unknown>, name: string, at: string) => field(owner, name, 'object', at) as Record<string, unknown>;
const list = (owner: Record<string, unknown>, name: string, at: string) => field(owner, name, 'list', at) as unknown[];

/** Every item of a list an object, each checked by `check` with its path (`cases[3]`). */
function eachObject(items: unknown[], at: string, check: (item: Record<string, unknown>, at: string) => void, noun = 'an object'): void {
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (!isObject(item)) throw new FieldError(`${at}[${i}] is not ${noun}`);
    check(item, `${at}[${i}]`);
  }
}

/** What a step answered, as diff and merge read it. */
function checkAnswer(a: Record<string, unknown>, at: string): void {
  field(a, 'status', 'number', at, true);
  field(a, 'errorCode', 'string', at, true);
  field(a, 'message', 'string', at, true);
  field(a, 'transportError', 'string', at, true);
}

/** A merged report's step: the answer, and what diff compares within it. */
function checkStepOutcome(step: Record<string, unknown>, at: string): void {
  checkAnswer(step, at);
  for (const name of ['failedChecks', 'items']) {
    const values = field(step, name, 'list', at, true) as unknown[] | undefined;
    for (const [i, v] of (values ?? []).entries()) if (typeof v !== 'string') throw new FieldError(`${at}.${name}[${i}] is not a string`);
  }
}

function checkLeftovers(leftovers: unknown[], at: string): void {
  eachObject(leftovers, at, (l, here) => {
    for (const name of ['resource', 'name', 'reason']) field(l, name, 'string', here);
  });
}

/** The fields of a run report that merge, diff and --baseline read, each of the type they read it as. */
function checkRunReport(data: Record<string, unknown>): void {
  field(data, 'runId', 'string', '');
  object(data, 'summary', '');
  field(data, 'complete', 'boolean', '');
  field(data, 'problem', 'string', '', true);
  const suite = object(data, 'suite', '');
  field(suite, 'name', 'string', 'suite');
  field(suite, 'version', 'string', 'suite');
  const spec = object(suite, 'spec', 'suite');
  field(spec, 'name', 'string', 'suite.spec');
  field(spec, 'profile', 'string', 'suite.spec');
  const target = object(data, 'target', '');
  for (const name of ['kind', 'region', 'label']) field(target, name, 'string', 'target');
  field(target, 'url', 'string or null', 'target', true);
  field(target, 'account', 'string', 'target', true);
  const name = field(target, 'name', 'string', 'target', true);
  if (typeof name === 'string') checkLabel(name, 'target.name');
  if (Object.hasOwn(data, 'shard')) {
    const shard = object(data, 'shard', '');
    for (const n of ['index', 'count']) {
      const v = field(shard, n, 'number', 'shard') as number;
      if (!Number.isSafeInteger(v) || v < 1) throw new FieldError(`shard.${n} is not a whole number from 1`);
    }
  }
  const cleanup = object(data, 'cleanup', '');
  checkLeftovers(list(cleanup, 'leftovers', 'cleanup'), 'cleanup.leftovers');
  try {
    readGroups(Object.hasOwn(data, 'groups') ? data.groups : undefined);
  } catch (error) {
    throw new FieldError((error as Error).message);
  }
  eachObject(list(data, 'cases', ''), 'cases', (c, at) => {
    for (const n of ['id', 'title', 'group', 'kind']) field(c, n, 'string', at);
    field(c, 'status', 'status', at);
    field(c, 'operation', 'string', at, true);
    field(c, 'deviation', 'string', at, true);
    const facts = field(c, 'facts', 'object', at, true) as Record<string, unknown> | undefined;
    if (facts) field(facts, 'member', 'string', `${at}.facts`, true);
    const failures = field(c, 'failures', 'list', at, true) as unknown[] | undefined;
    if (failures) eachObject(failures, `${at}.failures`, (f, here) => field(f, 'kind', 'string', here));
    eachObject(
      list(c, 'steps', at),
      `${at}.steps`,
      (step, here) => {
        checkAnswer(object(step, 'actual', here), `${here}.actual`);
        const checks = field(step, 'checks', 'list', here, true) as unknown[] | undefined;
        if (checks)
          eachObject(checks, `${here}.checks`, (ch, there) => {
            field(ch, 'name', 'string', there);
            field(ch, 'pass', 'boolean', there);
          });
      },
      'a step (an object with an "actual" answer)',
    );
  });
}

/** The fields of a merged report that diff reads. */
function checkMergedReport(data: Record<string, unknown>): void {
  eachObject(list(data, 'columns', ''), 'columns', (c, at) => {
    field(c, 'key', 'string', at);
    const runIds = list(c, 'runIds', at);
    for (const [i, id] of runIds.entries()) if (typeof id !== 'string') throw new FieldError(`${at}.runIds[${i}] is not a string`);
  });
  eachObject(list(data, 'cases', ''), 'cases', (c, at) => field(c, 'id', 'string', at));
  const matrix = object(data, 'matrix', '');
  for (const id of Object.keys(matrix)) {
    const row = matrix[id];
    if (!isObject(row)) throw new FieldError(`matrix[${JSON.stringify(id)}] is not an object`);
    for (const key of Object.keys(row)) {
      const at = `matrix[${JSON.stringify(id)}][${JSON.stringify(key)}]`;
      const outcome = row[key];
      if (!isObject(outcome)) throw new FieldError(`${at} is not an object`);
      field(outcome, 'status', 'status', at);
      field(outcome, 'deviation', 'string', at, true);
      eachObject(list(outcome, 'steps', at), `${at}.steps`, checkStepOutcome);
    }
  }
}

/**
 * Reads a `conformance.json` or a merged report, within the input limits (size and nesting), and checks every field
 * merge, diff and their renderers read: a report that lacks one, or holds the wrong type, is refused in one line
 * naming the file and the field, never a TypeError further on.
 */
export function readReport(file: string): AnyReport {
  let text: string;
  try {
    text = readInputFile(file);
  } catch (error) {
    throw new ReportFileError(`cannot read report ${file}: ${(error as Error).message}`);
  }
  const depth = nestingDepth(text);
  if (depth > MAX_INPUT_DEPTH) throw new ReportFileError(`${file}: JSON nested ${depth} levels deep, more than the ${MAX_INPUT_DEPTH} a report may have`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ReportFileError(`${file} is not JSON: ${JSON.stringify(snippet(text))}`);
  }
  if (!isObject(data)) throw new ReportFileError(`${file} is not a report (not a JSON object)`);
  const merged = data.format === MERGED_FORMAT;
  if (!merged) {
    const target = data.target;
    if (typeof data.runId !== 'string' || !Array.isArray(data.cases) || !isObject(target) || typeof target.region !== 'string' || !isObject(data.summary))
      throw new ReportFileError(`${file} is not a conformance report (needs runId, target.region, summary and cases)`);
  }
  try {
    if (merged) checkMergedReport(data);
    else checkRunReport(data);
  } catch (error) {
    if (error instanceof FieldError) throw new ReportFileError(`${file}: ${error.message}`);
    if (error instanceof Error && error.name === 'LabelError') throw new ReportFileError(`${file}: ${error.message}`);
    throw error;
  }
  return merged ? { kind: 'merged', report: data as unknown as MergedReport, file } : { kind: 'run', report: data as unknown as ConformanceReport, file };
}
