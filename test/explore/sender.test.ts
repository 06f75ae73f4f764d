import { planRun } from '../../src/engine/plan';
import { CoverageTracker } from '../../src/explore/coverage';
import { ExploreSender, Pacer } from '../../src/explore/sender';
import { acceptsAll, fakeSession } from './fake-target';

const plan = planRun({ runId: 'send01' });

describe('the explore sender', () => {
  it('fills each template with fresh names, judges it by the oracle and counts what was expected and answered', async () => {
    const session = fakeSession(acceptsAll);
    const sender = new ExploreSender(session, plan, new CoverageTracker(plan.operation));
    const template = { EndpointConfigName: '{name}', ProductionVariants: [] };
    const first = await sender.send(template, 'explore');
    const second = await sender.send(template, 'shrink');
    expect(first.request.EndpointConfigName).not.toBe(second.request.EndpointConfigName);
    expect(String(first.request.EndpointConfigName)).toContain('send01');
    expect(template.EndpointConfigName).toBe('{name}');
    // An empty ProductionVariants breaks its count: the oracle says reject, the fake target took it.
    expect(first.verdict.outcome).toBe('reject');
    expect(first.result.status).toBe('failed');
    expect(sender.counts).toMatchObject({ sent: 2, shrinking: 1, confirming: 0, expectedReject: 2, answeredAccept: 2, answeredReject: 0 });
  });

  it('counts a request cut short as not sent, and an answer outside the protocol as an error', async () => {
    const session = fakeSession((_r, expect) => ({ status: 'errored', actual: null, failures: [{ kind: 'error', step: 0, reason: expect.outcome }] }));
    const sender = new ExploreSender(session, plan, new CoverageTracker(plan.operation));
    await sender.send({ EndpointConfigName: '{name}' }, 'confirm');
    session.endCases('the --budget of 1 s ran out');
    await sender.send({ EndpointConfigName: '{name}' }, 'explore');
    expect(sender.counts).toMatchObject({ sent: 1, errors: 1, confirming: 1 });
    expect(sender.tally.cutShort).toBe(1);
  });

  it('spaces requests by the rate, and not at all without one', async () => {
    const paced = new Pacer(50);
    const started = performance.now();
    for (let i = 0; i < 4; i++) await paced.pace();
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    const free = new Pacer();
    const t = performance.now();
    for (let i = 0; i < 100; i++) await free.pace();
    expect(performance.now() - t).toBeLessThan(50);
  });
});
