import { planRun } from '../../src/engine/plan';
import { exploreSession, newExploration, roundSeed } from '../../src/explore/loop';
import { CONFIRMATIONS } from '../../src/explore/search';
import { acceptsAll, fakeSession, type Answer } from './fake-target';

const plan = planRun({ runId: 'loop01' });
const limits = { seed: 9, budgetMs: 30000, shrinkMs: 10000, maxRequests: 400 };
const sound: Answer = () => ({ status: 'passed', actual: { operation: 'CreateEndpointConfig', status: 200 }, failures: [] });

describe('the explore loop on an open session', () => {
  it('explores a sound target up to the request limit and finds nothing', async () => {
    const x = await exploreSession(fakeSession(sound), plan, { ...limits, maxRequests: 50 });
    expect(x.stoppedBy).toBe('requests');
    expect(x.tally.counts.sent).toBe(50);
    expect(x.findings).toEqual([]);
    expect(x.window.ended).toBeGreaterThan(x.window.started);
    expect(x.coverage.summary().constraints.kept).toBeGreaterThan(0);
  });

  it('shrinks, confirms and records each new deviation once, round after round, up to --max-findings', async () => {
    const x = await exploreSession(fakeSession(acceptsAll), plan, { ...limits, maxFindings: 2 });
    expect(x.stoppedBy).toBe('findings');
    expect(x.findings).toHaveLength(2);
    expect(new Set(x.findings.map((f) => f.id)).size).toBe(2);
    expect(x.findings[1]!.seed).toBe(roundSeed(9, 1));
    expect(x.findingCases.map((c) => c.id)).toEqual(x.findings.map((f) => f.id));
    for (const f of x.findings) expect(f.confirmation).toEqual({ sent: CONFIRMATIONS, recurred: CONFIRMATIONS });
    expect(x.tally.counts.confirming).toBe(2 * CONFIRMATIONS);
  });

  it('reports a deviation once: later rounds count it as a repeat', async () => {
    // Takes a request without an EndpointConfigName: one deviation, many requests show it.
    const oneBug: Answer = (request, expect) => (request.EndpointConfigName === undefined ? acceptsAll(request, expect) : sound(request, expect));
    const x = await exploreSession(fakeSession(oneBug), plan, { ...limits, maxRequests: 1500 });
    expect(x.findings.map((f) => f.why.map((w) => `${w.member}:${w.kind}`))).toEqual([expect.arrayContaining(['EndpointConfigName:required'])]);
    expect(x.tally.counts.repeats).toBeGreaterThan(0);
  });

  it('fills the exploration it is given, and stops at once on an aborted signal', async () => {
    const into = newExploration(plan);
    const x = await exploreSession(fakeSession(acceptsAll), plan, { ...limits, signal: AbortSignal.abort() }, into);
    expect(x).toBe(into);
    expect(x.stoppedBy).toBe('interrupted');
    expect(x.tally.counts.sent).toBe(0);
  });

  it("ends the session's cases when the budget runs out, even with a request in flight", async () => {
    const session = fakeSession(sound);
    // A target that never answers: only the budget's stop (endCases) ends the request in flight.
    let release = () => {};
    const hanging = {
      endCases: (reason: string) => (session.endCases(reason), release()),
      runCase: async (c: Parameters<typeof session.runCase>[0]) => (await new Promise<void>((r) => (release = r)), session.runCase(c)),
    };
    const x = await exploreSession(hanging, plan, { ...limits, budgetMs: 150, maxRequests: 10000 });
    expect(x.stoppedBy).toBe('time');
    expect(session.ended()).toMatch(/--budget of 0.15 s ran out/);
    expect(x.tally.cutShort).toBe(1);
  });

  it("keeps each round's seed a fixed function of the run's seed", () => {
    expect(roundSeed(9, 0)).toBe(9);
    expect(roundSeed(9, 1)).toBe(roundSeed(9, 1));
    expect(roundSeed(9, 1)).not.toBe(roundSeed(9, 2));
  });
});
