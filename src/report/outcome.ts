import { printable } from '../io/neutral';
import type { CaseResult, CaseStatus } from './results';

/** What a target answered in one step, as drift is judged on it. */
export interface StepOutcome {
  status?: number;
  errorCode?: string;
  message?: string;
  transportError?: string;
}

/** A case's outcome on one target: its status and what each step got back. */
export interface CaseOutcome {
  status: CaseStatus;
  steps: StepOutcome[];
  deviation?: string;
}

export function outcomeOf(c: CaseResult): CaseOutcome {
  const steps = c.steps.map(({ actual: a }): StepOutcome => {
    const step: StepOutcome = {};
    if (a.status !== undefined) step.status = a.status;
    if (a.errorCode !== undefined) step.errorCode = a.errorCode;
    if (a.message !== undefined) step.message = a.message;
    if (a.transportError !== undefined) step.transportError = a.transportError;
    return step;
  });
  return { status: c.status, steps, ...(c.deviation ? { deviation: c.deviation } : {}) };
}

/** `400 ValidationException → 200`: the answers, without messages. */
export function answersLine(o: CaseOutcome): string {
  if (o.steps.length === 0) return '(not run)';
  return o.steps.map((s) => (s.transportError ? 'no response' : `${s.status ?? '?'}${s.errorCode ? ` ${s.errorCode}` : ''}`)).join(' → ');
}

/** One printable line: error codes are the target's text. */
export function outcomeLine(o: CaseOutcome): string {
  return printable(`${o.status}: ${answersLine(o)}`);
}
