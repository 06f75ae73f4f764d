import type { RecordedAnswer, RecordedExchange } from '../client/recording/format';
import type { Recording } from '../client/recording/read';
import { Normaliser, type RunIdentity } from '../client/recording/transform';
import type { ConformanceReport } from './model';
import type { CaseComparison, ComparisonSummary } from './comparison';

export type { CaseComparison, ComparisonSummary };
import type { ActualResponse } from './verdict';
import { memberPathsIn } from '../spec/wording';

/** The four things an answer is compared by: what a client's code branches on, not the words or the times. */
export interface AnswerFacts {
  status: number | null;
  code: string | null;
  member: string | null;
  shape: string | null;
}

/** The member a validation message names (`... at 'productionVariants.1.member.instanceType' failed ...`). */
export function memberNamed(message: string | undefined): string | null {
  // Read by the one module that knows AWS's wording (a bounded prefix, a linear pattern).
  return memberPathsIn(message)[0] ?? null;
}

/** The shape of a success body: its member names at every level, without values (lists by their first item). */
export function outputShape(body: unknown): string | null {
  const shape = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.length > 0 ? [shape(v[0])] : [];
    if (typeof v === 'object' && v !== null)
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, shape((v as Record<string, unknown>)[k])]),
      );
    return typeof v;
  };
  return body === undefined ? null : JSON.stringify(shape(body));
}

function codeOf(headers: Record<string, string>, body: unknown): string | null {
  const raw = headers['x-amzn-errortype'] ?? (typeof body === 'object' && body !== null ? (body as Record<string, unknown>).__type : undefined);
  if (typeof raw !== 'string') return null;
  const noUri = raw.split(':')[0]!;
  return noUri.slice(noUri.lastIndexOf('#') + 1) || null;
}

export function recordedFacts(answer: RecordedAnswer | undefined): AnswerFacts {
  if (!answer) return { status: null, code: null, member: null, shape: null };
  const body = answer.body as Record<string, unknown> | undefined;
  const message = typeof body?.message === 'string' ? body.message : typeof body?.Message === 'string' ? body.Message : undefined;
  const ok = answer.status >= 200 && answer.status < 300;
  return { status: answer.status, code: ok ? null : codeOf(answer.headers, body), member: memberNamed(message), shape: ok ? outputShape(body) : null };
}

/** The same facts of the run's answer, normalised as the recording was, so names and times do not count. */
export function actualFacts(actual: ActualResponse | null, normaliser: Normaliser): AnswerFacts {
  if (!actual || actual.status === undefined) return { status: null, code: null, member: null, shape: null };
  const ok = actual.status >= 200 && actual.status < 300;
  return {
    status: actual.status,
    code: ok ? null : (actual.errorCode ?? null),
    member: memberNamed(actual.message ? normaliser.text(actual.message) : undefined),
    shape: ok ? outputShape(actual.body === undefined ? undefined : normaliser.json(actual.body, false)) : null,
  };
}

/** The differences between two answers' facts, one line each (empty: the same). */
export function factDifferences(actual: AnswerFacts, recorded: AnswerFacts): string[] {
  const out: string[] = [];
  const show = (v: string | number | null) => (v === null ? '(none)' : String(v));
  for (const key of ['status', 'code', 'member', 'shape'] as const) {
    if (actual[key] !== recorded[key]) out.push(`${key} ${show(actual[key])}, recorded ${show(recorded[key])}`);
  }
  return out;
}

/** The exchange that decided a case in the recording: its last case exchange (last step, last page). */
export function decidingExchanges(recording: Recording): Map<string, RecordedExchange> {
  const byCase = new Map<string, RecordedExchange>();
  for (const e of recording.exchanges) {
    if (e.phase !== 'case' || e.case === undefined) continue;
    const before = byCase.get(e.case);
    if (!before || (e.step ?? 0) > (before.step ?? 0) || ((e.step ?? 0) === (before.step ?? 0) && (e.page ?? 0) >= (before.page ?? 0))) byCase.set(e.case, e);
  }
  return byCase;
}

/**
 * Sets each case's `comparison` (same as recorded, differs, not in the recording) beside its verdict, and returns the
 * counts. The verdict itself is the table's, unchanged.
 */
export function compareWithRecording(report: ConformanceReport, recording: Recording, run: RunIdentity): { summary: ComparisonSummary } {
  const normaliser = new Normaliser(run);
  const deciding = decidingExchanges(recording);
  const summary: ComparisonSummary = {
    recording: { dir: recording.dir, target: recording.header.target.label, region: recording.header.region, recordedOn: recording.header.recordedOn },
    same: 0,
    differs: 0,
    unrecorded: 0,
  };
  for (const c of report.cases) {
    if (c.status === 'skipped') continue;
    const recorded = deciding.get(c.id);
    let comparison: CaseComparison;
    if (!recorded) comparison = { asRecorded: 'unrecorded' };
    else {
      const differences = factDifferences(actualFacts(c.actual, normaliser), recordedFacts(recorded.answer));
      comparison = differences.length === 0 ? { asRecorded: 'same' } : { asRecorded: 'differs', differences };
    }
    c.comparison = comparison;
    summary[comparison.asRecorded === 'same' ? 'same' : comparison.asRecorded === 'differs' ? 'differs' : 'unrecorded'] += 1;
  }
  return { summary };
}
