import type { ConformanceCase } from '../../src/cases/types';
import type { CaseResult } from '../../src/report/results';

/** How a fake target answers one case: its status and HTTP answer, from the request and what the oracle expects. */
export type Answer = (
  request: Record<string, unknown>,
  expect: ConformanceCase['steps'][number]['expect'],
) => Pick<CaseResult, 'status' | 'actual' | 'failures'>;

/** A target that takes every request: a request the oracle says must be refused fails the `status` check. */
export const acceptsAll: Answer = (_request, expect) =>
  expect.outcome === 'reject'
    ? {
        status: 'failed',
        actual: { operation: 'CreateEndpointConfig', status: 200 },
        failures: [{ kind: 'mismatch', check: 'status', expected: 400, actual: 200, step: 0 }],
      }
    : { status: 'passed', actual: { operation: 'CreateEndpointConfig', status: 200 }, failures: [] };

/** A session's `runCase` and `endCases` without a target: each case answered by `answer`, every request kept. */
export function fakeSession(answer: Answer) {
  const requests: Record<string, unknown>[] = [];
  let ended: string | undefined;
  return {
    requests,
    ended: () => ended,
    endCases(reason: string) {
      ended = reason;
    },
    async runCase(c: ConformanceCase): Promise<CaseResult> {
      const step = c.steps[0]!;
      requests.push(step.request);
      const base = {
        id: c.id,
        title: c.title,
        group: c.group,
        kind: c.kind,
        clause: c.clause,
        facts: c.facts,
        expected: step.expect,
        durationMs: 0,
        steps: [],
      };
      if (ended) return { ...base, status: 'skipped', actual: null, failures: [{ kind: 'skipped', reason: ended }] };
      return { ...base, ...answer(step.request, step.expect) } as CaseResult;
    },
  };
}
