import { disagrees, failedChecks, keysOf, sameDeviation, type Sent } from '../../src/explore/disagreement';
import type { CaseResult } from '../../src/report/results';

const fault = { at: 'endpointConfigName', member: 'EndpointConfigName', kind: 'length', clause: { member: 'EndpointConfigName', text: 't' }, message: 'm' };
const reject: Sent['verdict'] = { outcome: 'reject', expect: { outcome: 'reject', status: 400 }, faults: [fault] } as Sent['verdict'];
const accept: Sent['verdict'] = { outcome: 'accept', expect: { outcome: 'accept' } };

function result(status: CaseResult['status'], http?: number, message?: string, checks: string[] = []): CaseResult {
  return {
    status,
    actual: http === undefined ? null : { operation: 'CreateEndpointConfig', status: http, ...(message ? { message } : {}) },
    failures: checks.map((check) => ({ kind: 'mismatch', step: 0, check, expected: 1, actual: 2 })),
  } as CaseResult;
}
const sent = (verdict: Sent['verdict'], r: CaseResult): Sent => ({ template: {}, request: {}, verdict, result: r });

describe('what counts as a disagreement, and which deviation it is', () => {
  it('is a failed check, or a 5xx answer; an error without an answer is not', () => {
    expect(disagrees(result('failed', 200))).toBe(true);
    expect(disagrees(result('errored', 500))).toBe(true);
    expect(disagrees(result('errored'))).toBe(false);
    expect(disagrees(result('passed', 200))).toBe(false);
  });

  it('names the failed checks once each, sorted; an error is a server error', () => {
    expect(failedChecks(result('failed', 400, undefined, ['status', 'error.code', 'status']))).toEqual(['error.code', 'status']);
    expect(failedChecks(result('errored', 503))).toEqual(['server-error']);
  });

  it('keys a request the target took by the member and rule broken, a refusal by its masked message, a crash by validity', () => {
    expect(keysOf(sent(reject, result('failed', 200, undefined, ['status'])))).toEqual(['accepted|EndpointConfigName:length']);
    expect(keysOf(sent(accept, result('failed', 200, undefined, ['body'])))).toEqual(['checks|body']);
    expect(keysOf(sent(reject, result('errored', 500)))).toEqual(['server-error|reject']);
    const a = keysOf(sent(accept, result('failed', 400, "Value 'abc' at 'x' failed", ['status'])));
    const b = keysOf(sent(accept, result('failed', 400, "Value 'defgh' at 'x' failed", ['status'])));
    expect(a).toEqual(b);
    expect(a[0]).toMatch(/^refused\|accept\|/);
  });

  it('sees the same deviation only where a key is shared and the answer still disagrees', () => {
    const keys = new Set(keysOf(sent(reject, result('failed', 200, undefined, ['status']))));
    expect(sameDeviation(keys, sent(reject, result('failed', 200, undefined, ['status'])))).toBe(true);
    expect(sameDeviation(keys, sent(reject, result('passed', 400)))).toBe(false);
    expect(sameDeviation(keys, sent(reject, result('errored', 500)))).toBe(false);
  });
});
