import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BehaviourFile, BehaviourSpec } from '../spec/types';
import { BadInputError } from '../errors';
import { writeAtomic } from '../report/write';
import type { Finding } from './types';

/** A regression case `explore` found: a behaviour case of the table's own format, with where it came from. */
export interface FoundCase extends BehaviourSpec {
  explore: {
    seed: number;
    /** fast-check's path: with the seed, it replays the smallest request (`fc.check(..., { seed, path })`). */
    path: string;
    target: string;
    runId: string;
    foundAt: string;
    /** What disagreed when it was found. */
    disagreements: string[];
  };
}

export interface FoundCasesFile extends BehaviourFile {
  $comment: string;
  cases: FoundCase[];
}

export class CasesFileError extends BadInputError {
  override name = 'CasesFileError';
}

const COMMENT =
  "Regression cases found by 'sagemaker-conformance explore' (--save): each a generated request shrunk to a smallest one the " +
  "target answered against the reference validator's verdict, with the seed and path that found it. Replay them with " +
  "'sagemaker-conformance run --cases FILE' (--only '*.explore-*' for these alone). Names are templates: each run fills its own.";

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a file of cases in the behaviour format (what `explore --save` writes) for one operation, checked as the
 * profile's own behaviour file is: one line naming the file and what is wrong, before anything is sent.
 */
export function readCasesFile(file: string, operation: string): BehaviourFile {
  const path = resolve(file);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CasesFileError(`--cases ${file}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!isObject(data) || !Array.isArray(data.cases)) throw new CasesFileError(`--cases ${file}: expected {"operation": ..., "cases": [...]}`);
  if (data.operation !== operation) throw new CasesFileError(`--cases ${file}: its cases are for ${String(data.operation)}, not ${operation}`);
  const seen = new Set<string>();
  data.cases.forEach((c: unknown, i: number) => {
    const where = `--cases ${file}: cases[${i}]`;
    if (!isObject(c)) throw new CasesFileError(`${where}: expected an object`);
    for (const field of ['id', 'member', 'title', 'clause', 'steps']) if (!(field in c)) throw new CasesFileError(`${where}: missing "${field}"`);
    const clause = c.clause as Record<string, unknown>;
    if (!isObject(clause) || typeof clause.text !== 'string' || clause.text === '') throw new CasesFileError(`${where}: the clause needs a text`);
    if (!Array.isArray(c.steps) || c.steps.length === 0) throw new CasesFileError(`${where}: no steps`);
    const id = String(c.id);
    if (seen.has(id)) throw new CasesFileError(`${where}: the id ${id} is there twice`);
    seen.add(id);
  });
  return data as unknown as BehaviourFile;
}

/** The case a finding becomes: its smallest request (a template) and the oracle's expectation, citing the clause it rests on. */
export function foundCase(finding: Finding, meta: { target: string; runId: string; foundAt: string; operation: string }): FoundCase {
  return {
    id: finding.id,
    member: finding.why[0]?.member.split(/[.[]/)[0] ?? meta.operation,
    title: finding.title,
    clause: finding.clause,
    kind: finding.kind,
    explore: { seed: finding.seed, path: finding.path, target: meta.target, runId: meta.runId, foundAt: meta.foundAt, disagreements: finding.disagreements },
    steps: [{ operation: meta.operation, request: finding.request, expect: finding.expected }],
  };
}

/** Checks before a run that `--save FILE` can take this operation's cases (a file of another operation's is bad input). */
export function checkSaveTarget(file: string, operation: string): void {
  if (existsSync(file)) readCasesFile(file, operation);
}

/** Adds the findings to FILE as cases (a case of the same id is replaced); returns how many the file holds. */
export function saveFindings(file: string, operation: string, cases: FoundCase[]): number {
  const existing = existsSync(file) ? (readCasesFile(file, operation).cases as FoundCase[]) : [];
  const ids = new Set(cases.map((c) => c.id));
  const all = [...existing.filter((c) => !ids.has(c.id)), ...cases];
  const out: FoundCasesFile = { $comment: COMMENT, operation, cases: all };
  writeAtomic(resolve(file), `${JSON.stringify(out, null, 2)}\n`);
  return all.length;
}

/**
 * The profile's behaviour cases with the regression cases `explore` saved: those in the profile's own
 * `explored/<Operation>.json` (kept with the spec, run by every run), then those of each `--cases FILE`.
 */
export function withFoundCases(behaviours: BehaviourFile, profileDir: string, files: readonly string[] = []): BehaviourFile {
  const kept = join(profileDir, 'explored', `${behaviours.operation}.json`);
  const sources = [...(existsSync(kept) ? [kept] : []), ...files];
  if (sources.length === 0) return behaviours;
  const extra = sources.flatMap((file) => readCasesFile(file, behaviours.operation).cases);
  const ids = new Set(behaviours.cases.map((c) => c.id));
  const twice = extra.find((c) => ids.has(c.id) || !ids.add(c.id));
  if (twice) throw new CasesFileError(`the case id ${twice.id} is in the table (or in two --cases files) already`);
  return { operation: behaviours.operation, cases: [...behaviours.cases, ...extra] };
}
