import { planRun } from '../../src/engine/plan';
import { toFinding, type FindingSource } from '../../src/explore/findings';
import type { Sent } from '../../src/explore/disagreement';
import type { CaseResult } from '../../src/report/results';

const op = planRun({ runId: 'find01' }).operation;
const clause = { member: 'EndpointConfigName', text: 'at most 63 characters' };
const broken: Sent = {
  template: { EndpointConfigName: '{name}x' },
  request: { EndpointConfigName: 'sc-x' },
  verdict: {
    outcome: 'reject',
    expect: { outcome: 'reject', status: 400 },
    faults: [{ at: 'endpointConfigName', member: 'EndpointConfigName', kind: 'length', clause, message: 'too long' }],
  } as Sent['verdict'],
  result: {
    status: 'failed',
    actual: { operation: op.operation, status: 200 },
    failures: [{ kind: 'mismatch', step: 0, check: 'status', expected: 400, actual: 200 }],
  } as CaseResult,
};
const source = (over: Partial<FindingSource> = {}): FindingSource => ({
  smallest: broken,
  seed: -5,
  path: '0:1',
  shrink: { steps: 1, requests: 2, ms: 3, fromBytes: 40, toBytes: 20 },
  confirmation: { sent: 3, recurred: 3 },
  flaky: false,
  number: 2,
  ...over,
});

describe('a finding from a shrunk, confirmed disagreement', () => {
  it('is named as the table names a case, cites the broken constraint and keeps the template and the request sent', () => {
    const { finding, result } = toFinding(op, source());
    expect(finding.id).toBe(`EndpointConfigName.length.explore-s${-5 >>> 0}-2`);
    expect(finding.kind).toBe('length');
    expect(finding.clause).toEqual(clause);
    expect(finding.request).toEqual({ EndpointConfigName: '{name}x' });
    expect(finding.sent).toEqual({ EndpointConfigName: 'sc-x' });
    expect(finding.why).toEqual([{ at: 'endpointConfigName', member: 'EndpointConfigName', kind: 'length', message: 'too long' }]);
    expect(finding.disagreements).toEqual(['status: expected 400, got 200']);
    expect(finding.title).toMatch(/breaking EndpointConfigName length/);
    expect(finding.flaky).toBeUndefined();
    expect(result).toMatchObject({ id: finding.id, group: 'EndpointConfigName', kind: 'length', status: 'failed', facts: { member: 'EndpointConfigName' } });
  });

  it('numbers a flaky one apart and marks it', () => {
    const { finding } = toFinding(op, source({ flaky: true, number: 1, confirmation: { sent: 3, recurred: 1 } }));
    expect(finding.id).toMatch(/-flaky-1$/);
    expect(finding.flaky).toBe(true);
  });

  it('rests a valid request the target refused on the operation, as a baseline', () => {
    const refused: Sent = {
      ...broken,
      verdict: { outcome: 'accept', expect: { outcome: 'accept' } },
      result: { ...broken.result, actual: { operation: op.operation, status: 400, message: 'no' } } as CaseResult,
    };
    const { finding } = toFinding(op, source({ smallest: refused }));
    expect(finding.kind).toBe('baseline');
    expect(finding.id).toMatch(new RegExp(`^${op.operation}\\.baseline\\.explore-`));
    expect(finding.clause).toEqual(op.typeErrors.clause);
    expect(finding.why).toEqual([]);
  });
});
