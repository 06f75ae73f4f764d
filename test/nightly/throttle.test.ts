import { runConformance } from '../../src/runner/run';
import { errorAnswer, startProxy } from './helpers';
import { startReferenceMock } from '../../src/mock/reference';

describe('throttling', () => {
  it('retries a throttled case until it gets a real answer, and never fails it for the throttle', async () => {
    const mock = await startReferenceMock();
    // Every create is throttled twice before it goes through (AWS's control plane under load).
    const counts = new Map<string, number>();
    const proxy = await startProxy(mock.url, {
      intercept: (req) => {
        if (req.operation !== 'CreateEndpointConfig') return undefined;
        const n = (counts.get(req.body) ?? 0) + 1;
        counts.set(req.body, n);
        return n <= 2 ? errorAnswer(400, 'ThrottlingException', 'Rate exceeded') : undefined;
      },
    });
    try {
      const { report, exitCode } = await runConformance({
        target: { kind: 'url', url: proxy.url },
        only: ['EndpointConfigName.*'],
        maxAttempts: 1,
        throttle: { rounds: 3, baseMs: 5 },
      });
      expect(exitCode).toBe(0);
      expect(report.summary.passed).toBe(report.summary.total);
      expect(report.cases.every((c) => c.actual!.attempts === 3)).toBe(true);
      expect(mock.store.count()).toBe(0);
    } finally {
      await proxy.close();
      await mock.close();
    }
  });

  it('reports a case throttled past every retry as errored with the reason, not as failed', async () => {
    const mock = await startReferenceMock();
    const proxy = await startProxy(mock.url, {
      intercept: (req) =>
        req.operation === 'CreateEndpointConfig' && req.body.includes('sc-slow01-000') ? errorAnswer(429, 'TooManyRequestsException', 'Slow down') : undefined,
    });
    try {
      const { report } = await runConformance({
        target: { kind: 'url', url: proxy.url },
        runId: 'slow01',
        only: ['CreateEndpointConfig.baseline'],
        maxAttempts: 1,
        throttle: { rounds: 2, baseMs: 5 },
      });
      expect(report.cases[0]).toMatchObject({ status: 'errored', failures: [{ kind: 'error', reason: 'still throttled after 3 attempts' }] });
    } finally {
      await proxy.close();
      await mock.close();
    }
  });
});
