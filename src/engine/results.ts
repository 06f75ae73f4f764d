import type { CaseKind } from '../cases/types';
import type { Clause, StepExpectation } from '../spec/types';
import type { ActualResponse, Check } from './verdict';

export type CaseStatus = 'passed' | 'failed' | 'errored' | 'skipped' | 'expected-failure' | 'unexpected-pass';

/** Why a case did not pass: a check that disagreed, or something that kept the case from being judged. */
export type Failure =
  | { kind: 'mismatch'; step: number; check: string; expected: unknown; actual: unknown }
  | { kind: 'error'; step: number; reason: string }
  | { kind: 'skipped'; reason: string };

export interface CaseResult {
  id: string;
  title: string;
  group: string;
  kind: CaseKind;
  clause: Clause;
  /** The expectation of every step. */
  expected: StepExpectation[];
  /** The body sent in every step that ran. */
  requests: Record<string, unknown>[];
  /** What came back for every step that ran. */
  actual: ActualResponse[];
  checks: Check[][];
  status: CaseStatus;
  failures: Failure[];
  /** The reason from the expectations file, for expected failures and unexpected passes. */
  deviation?: string;
  durationMs: number;
}

/** Statuses that make a run fail. */
export function isBad(status: CaseStatus): boolean {
  return status === 'failed' || status === 'errored' || status === 'unexpected-pass';
}
