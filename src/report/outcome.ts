import { printable } from '../io/neutral';
import type { CaseResult, CaseStatus } from './results';
import { isJudged } from './model';

/** What a target answered in one step, as drift is judged on it. */
export interface StepOutcome {
  status?: number;
  errorCode?: string;
  message?: string;
  transportError?: string;
  /** The checks of the step that did not pass, by name (`listed.names`, `error.member`). */
  failedChecks?: string[];
  /** For an answer that lists things: the names it listed, in its order (the first MAX_ITEMS). */
  items?: string[];
}

/** Names kept of a listing answer: enough to tell a change of order or of items, never the whole of a huge answer. */
export const MAX_ITEMS = 200;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The names a listing answer listed, in its order: its first list of objects, each named by its first string member
 * whose name ends in `Name` (SageMaker's summaries: `EndpointConfigName`). Undefined for any other answer.
 */
export function listedItems(body: unknown): string[] | undefined {
  if (!isObject(body)) return undefined;
  for (const value of Object.values(body)) {
    if (!Array.isArray(value) || value.length === 0 || !value.every(isObject)) continue;
    const items: string[] = [];
    for (const entry of value.slice(0, MAX_ITEMS)) {
      const name = Object.entries(entry as Record<string, unknown>).find(([k, v]) => k.endsWith('Name') && typeof v === 'string');
      if (!name) return undefined;
      items.push(name[1] as string);
    }
    return items;
  }
  return undefined;
}

/** A case's outcome on one target: its status and what each step got back. */
export interface CaseOutcome {
  status: CaseStatus;
  steps: StepOutcome[];
  deviation?: string;
  /** The case's set-up errored before its own call: the target was not judged on it (outside the conformance index). */
  setupError?: true;
}

export function outcomeOf(c: CaseResult): CaseOutcome {
  const steps = c.steps.map(({ actual: a, checks }): StepOutcome => {
    const step: StepOutcome = {};
    if (a.status !== undefined) step.status = a.status;
    if (a.errorCode !== undefined) step.errorCode = a.errorCode;
    if (a.message !== undefined) step.message = a.message;
    if (a.transportError !== undefined) step.transportError = a.transportError;
    const failed = (Array.isArray(checks) ? checks : []).filter((ch) => ch && ch.pass === false && typeof ch.name === 'string').map((ch) => ch.name);
    if (failed.length > 0) step.failedChecks = failed;
    const items = listedItems(a.body);
    if (items) step.items = items;
    return step;
  });
  const judged = isJudged(c);
  return {
    status: c.status,
    steps,
    ...(c.deviation ? { deviation: c.deviation } : {}),
    ...(!judged && c.status !== 'skipped' ? { setupError: true as const } : {}),
  };
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
