import { readInputJson } from '../io/input-file';
import type { CaseResult } from '../report/results';
import { BadInputError } from '../errors';

/** Known deviations of a target: case id → reason. Keys starting with `$` are metadata (target version, date checked). */
export interface Expectations {
  file: string;
  meta: Record<string, unknown>;
  deviations: Map<string, string>;
}

export class ExpectationsError extends BadInputError {
  override name = 'ExpectationsError';
}

/**
 * Reads and checks an expectations file: written for the run's edition (`$profile`, when it says), every
 * reason a non-empty string, every id a case that exists.
 */
export function loadExpectations(file: string, knownIds: ReadonlySet<string>, edition?: string): Expectations {
  let data: unknown;
  try {
    data = readInputJson(file);
  } catch (error) {
    throw new ExpectationsError(`cannot read expectations file ${file}: ${(error as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new ExpectationsError(`${file}: expected a JSON object of case id → reason`);
  const recorded = (data as Record<string, unknown>).$profile;
  if (edition !== undefined && recorded !== undefined && recorded !== edition) {
    throw new ExpectationsError(
      `${file} lists deviations from the ${String(recorded)} edition; this run uses --edition ${edition} (give --edition ${String(recorded)}, or that edition's file)`,
    );
  }
  const meta: Record<string, unknown> = {};
  const deviations = new Map<string, string>();
  for (const [key, value] of Object.entries(data)) {
    if (key.startsWith('$')) {
      meta[key] = value;
      continue;
    }
    if (typeof value !== 'string' || value.trim() === '') throw new ExpectationsError(`${file}: "${key}" needs a reason (a non-empty string)`);
    if (!knownIds.has(key)) throw new ExpectationsError(`${file}: "${key}" is not a case id; the list may be stale`);
    deviations.set(key, value);
  }
  return { file, meta, deviations };
}

/** Turns listed failures into expected failures and listed passes into unexpected passes. */
export function applyExpectations(result: CaseResult, expectations: Expectations | undefined): CaseResult {
  const reason = expectations?.deviations.get(result.id);
  if (reason === undefined) return result;
  if (result.status === 'failed' || result.status === 'errored') return { ...result, status: 'expected-failure', deviation: reason };
  if (result.status === 'passed') return { ...result, status: 'unexpected-pass', deviation: reason };
  return { ...result, deviation: reason };
}
