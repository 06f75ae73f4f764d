import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BehaviourFile, BehaviourSpec } from '../spec/types';
import { readCasesFile } from '../spec/found-cases';

export { CasesFileError, readCasesFile } from '../spec/found-cases';
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

const COMMENT =
  "Regression cases found by 'sagemaker-conformance explore' (--save): each a generated request shrunk to a smallest one the " +
  "target answered against the reference validator's verdict, with the seed and path that found it. Replay them with " +
  "'sagemaker-conformance run --cases FILE' (--only '*.explore-*' for these alone). Names are templates: each run fills its own.";

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
