import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BehaviourFile } from './types';
import { BadInputError } from '../errors';
import { readInputJson } from '../io/input-file';

/** Regression cases in the behaviour format (what `explore --save` writes), read for a run: `run --cases FILE` and an edition's `explored/`. */

export class CasesFileError extends BadInputError {
  override name = 'CasesFileError';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a file of cases in the behaviour format (what `explore --save` writes) for one operation, checked as the
 * edition's own behaviour file is: one line naming the file and what is wrong, before anything is sent.
 */
export function readCasesFile(file: string, operation: string): BehaviourFile {
  const path = resolve(file);
  let data: unknown;
  try {
    // Within the limits of every input file: a regular file, 64 MiB, nested at most 256 deep.
    data = readInputJson(path);
  } catch (error) {
    throw new CasesFileError(`--cases ${file}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!isObject(data) || !Array.isArray(data.cases)) throw new CasesFileError(`--cases ${file}: expected {"operation": ..., "cases": [...]}`);
  if (data.operation !== operation) throw new CasesFileError(`--cases ${file}: its cases are for ${String(data.operation)}, not ${operation}`);
  const seen = new Set<string>();
  data.cases.forEach((c: unknown, i: number) => {
    const where = `--cases ${file}: cases[${i}]`;
    if (!isObject(c)) throw new CasesFileError(`${where}: expected an object`);
    for (const field of ['id', 'member', 'title', 'clause', 'steps']) if (!Object.hasOwn(c, field)) throw new CasesFileError(`${where}: missing "${field}"`);
    for (const field of ['id', 'member', 'title'])
      if (typeof c[field] !== 'string' || c[field] === '') throw new CasesFileError(`${where}: "${field}" must be a non-empty string`);
    const clause = c.clause as Record<string, unknown>;
    if (!isObject(clause) || typeof clause.text !== 'string' || clause.text === '') throw new CasesFileError(`${where}: the clause needs a text`);
    if (!Array.isArray(c.steps) || c.steps.length === 0) throw new CasesFileError(`${where}: no steps`);
    const id = String(c.id);
    if (seen.has(id)) throw new CasesFileError(`${where}: the id ${id} is there twice`);
    seen.add(id);
  });
  return data as unknown as BehaviourFile;
}

/**
 * The edition's behaviour cases with the regression cases `explore` saved: those in the edition's own
 * `explored/<Operation>.json` (kept with the spec, run by every run), then those of each `--cases FILE`.
 */
export function withFoundCases(behaviours: BehaviourFile, editionDir: string, files: readonly string[] = []): BehaviourFile {
  const kept = join(editionDir, 'explored', `${behaviours.operation}.json`);
  const sources = [...(existsSync(kept) ? [kept] : []), ...files];
  if (sources.length === 0) return behaviours;
  const extra = sources.flatMap((file) => readCasesFile(file, behaviours.operation).cases);
  const ids = new Set(behaviours.cases.map((c) => c.id));
  const twice = extra.find((c) => ids.has(c.id) || !ids.add(c.id));
  if (twice) throw new CasesFileError(`the case id ${twice.id} is in the table (or in two --cases files) already`);
  return { operation: behaviours.operation, cases: [...behaviours.cases, ...extra] };
}
