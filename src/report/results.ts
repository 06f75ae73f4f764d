import type { CaseComparison } from './comparison';
import type { CaseFacts, CaseCategory, ConformanceCase, RawRequest } from '../cases/types';
import type { Clause, StepExpectation } from '../spec/types';
import type { ActualResponse, Check } from './verdict';

export type CaseStatus = 'passed' | 'failed' | 'errored' | 'skipped' | 'expected-failure' | 'unexpected-pass';

/** Why a case did not pass: a check that disagreed, or something that kept the case from being judged. */
export type Failure =
  | { kind: 'mismatch'; step: number; check: string; expected: unknown; actual: unknown }
  /** `setup`: the error came at a step before the case's own call (its precondition), so the target was not judged on the case. */
  | { kind: 'error'; step: number; reason: string; setup?: true }
  | { kind: 'skipped'; reason: string };

/** One call of a case as it happened. */
export interface StepRecord {
  operation: string;
  /** The body sent, exactly (for a raw step, what its body parses to, or `{}`). */
  request: Record<string, unknown>;
  /** A protocol case's request as it went on the wire: target, content type, body text and signing. */
  raw?: RawRequest;
  expected: StepExpectation;
  actual: ActualResponse;
  checks: Check[];
}

export interface CaseResult {
  id: string;
  /** The operation the case is about (reports written before tables of several operations have none). */
  operation?: string;
  title: string;
  group: string;
  kind: CaseCategory;
  clause: Clause;
  /** What the case is about (member, bound, rule), from the case table. */
  facts: CaseFacts;
  /** What the deciding step (the last one that ran, or the last one planned) had to answer. */
  expected: StepExpectation;
  /** What the deciding step answered; null when no step ran. */
  actual: ActualResponse | null;
  status: CaseStatus;
  failures: Failure[];
  /** The reason from the expectations file, for expected failures and unexpected passes. */
  deviation?: string;
  durationMs: number;
  /** Every step that ran, with its request, response and checks. */
  steps: StepRecord[];
  /** Set when the case was not run against AWS for want of these resources (never passed, never failed). */
  needs?: string[];
  /** With `run --compare DIR`: whether the answer is the one the recording holds (src/report/compare.ts). */
  comparison?: CaseComparison;
}

/** Statuses that make a run fail. */
export function isBad(status: CaseStatus): boolean {
  return status === 'failed' || status === 'errored' || status === 'unexpected-pass';
}

/** A case that did not run (yet): it expects what its last step expects. */
export function skippedResult(c: ConformanceCase, reason: string): CaseResult {
  return {
    id: c.id,
    operation: c.operation,
    title: c.title,
    group: c.group,
    kind: c.kind,
    clause: c.clause,
    facts: c.facts,
    expected: c.steps[c.steps.length - 1]!.expect,
    actual: null,
    status: 'skipped',
    failures: [{ kind: 'skipped', reason }],
    durationMs: 0,
    steps: [],
  };
}
