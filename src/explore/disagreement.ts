import type { CaseResult } from '../report/results';
import { messageShape } from '../spec/wording';
import type { RequestTemplate } from './arbitraries';
import type { OracleVerdict } from './oracle';

/** One request sent and judged: its template, the request as sent, the oracle's verdict and the judge's result. */
export interface Sent {
  template: RequestTemplate;
  request: Record<string, unknown>;
  verdict: OracleVerdict;
  result: CaseResult;
}

/** A target's answer disagrees with the oracle: a check failed, or it answered a 5xx where the spec says 200 or 400. */
export function disagrees(result: CaseResult): boolean {
  if (result.status === 'failed') return true;
  return result.status === 'errored' && (result.actual?.status ?? 0) >= 500;
}

/** The checks that disagreed, by name (`status`, `error.member`), or `server-error`. */
export function failedChecks(result: CaseResult): string[] {
  if (result.status === 'errored') return ['server-error'];
  return [...new Set(result.failures.flatMap((f) => (f.kind === 'mismatch' ? [f.check] : [])))].sort();
}

/**
 * Keys of a disagreement, so one deviation is shrunk and reported once however many requests show it: a request
 * the target took that it should have refused, by the member and rule broken; a refusal for another reason, by
 * what the target said (its message with values masked).
 */
export function keysOf(s: Sent): string[] {
  const faults = s.verdict.outcome === 'reject' ? s.verdict.faults.map((f) => `${f.member}:${f.rule ?? f.kind}`) : ['valid'];
  const checks = failedChecks(s.result);
  // A crash says nothing of what the request broke, and one crash tends to follow from many requests: keyed by
  // whether the request was valid, so it is shrunk and reported once each way.
  if (checks.includes('server-error')) return [`server-error|${s.verdict.outcome}`];
  if (s.result.actual?.status === 200) return s.verdict.outcome === 'reject' ? faults.map((f) => `accepted|${f}`) : [`checks|${checks.join(',')}`];
  return [`refused|${s.verdict.outcome}|${messageShape(s.result.actual?.message)}`];
}

/** Some key in common with `keys`: the same deviation, not another one this request happens to show. */
export function sameDeviation(keys: ReadonlySet<string>, s: Sent): boolean {
  return disagrees(s.result) && keysOf(s).some((k) => keys.has(k));
}
