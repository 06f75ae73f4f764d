import { planRun } from '../../src/engine/plan';
import { RequestArbitraries } from '../../src/explore/arbitraries';
import { CoverageTracker } from '../../src/explore/coverage';
import { keysOf } from '../../src/explore/disagreement';
import { CONFIRMATIONS, Search } from '../../src/explore/search';
import { ExploreSender } from '../../src/explore/sender';
import { acceptsAll, fakeSession, type Answer } from './fake-target';

const plan = planRun({ runId: 'search01' });
const arbitrary = new RequestArbitraries(plan.operation, plan.service, { region: plan.region }).request();

function search(answer: Answer, limits: { maxRequests?: number; knownKeys?: Set<string>; stopped?: () => boolean } = {}) {
  const session = fakeSession(answer);
  const sender = new ExploreSender(session, plan, new CoverageTracker(plan.operation));
  const s = new Search(arbitrary, sender, {
    maxRequests: limits.maxRequests ?? 10000,
    stopped: limits.stopped ?? (() => false),
    knownKeys: limits.knownKeys ?? new Set(),
  });
  return { s, sender, session };
}

describe('the search: exploring, shrinking and confirming', () => {
  it('explores until the first disagreement and shrinks it to a smaller request showing the same deviation', async () => {
    const { s, sender } = search(acceptsAll);
    const found = (await s.explore(5, 20000))!;
    expect(found.first.verdict.outcome).toBe('reject');
    const explored = sender.counts.sent;
    expect(explored).toBeGreaterThan(0);
    const shrunk = await s.shrink(found, 5, 20000);
    expect(shrunk.shrink.toBytes).toBeLessThan(shrunk.shrink.fromBytes);
    expect(shrunk.shrink.requests).toBeGreaterThan(0);
    expect(sender.counts.shrinking).toBe(sender.counts.sent - explored);
    expect(keysOf(shrunk.smallest).some((k) => keysOf(found.first).includes(k))).toBe(true);
    expect(typeof shrunk.path).toBe('string');
  });

  it('passes over a deviation already known (a repeat) and finds none on a sound target', async () => {
    const sound: Answer = () => ({ status: 'passed', actual: { operation: 'CreateEndpointConfig', status: 200 }, failures: [] });
    const { s, sender } = search(sound, { maxRequests: 60 });
    expect(await s.explore(5, 20000)).toBeUndefined();
    expect(sender.counts.sent).toBe(60);
    const known = search(acceptsAll, { maxRequests: 200, knownKeys: new Set(['never']) });
    const first = (await known.s.explore(5, 20000))!;
    const again = search(acceptsAll, { maxRequests: 200, knownKeys: new Set(keysOf(first.first)) });
    const next = await again.s.explore(5, 20000);
    expect(again.sender.counts.repeats).toBeGreaterThan(0);
    expect(next && keysOf(next.first)).not.toEqual(keysOf(first.first));
  });

  it('sends the smallest request again CONFIRMATIONS times and counts how often the deviation recurred', async () => {
    let n = 0;
    // Takes what it should refuse on every other request only: a flaky target.
    const flaky: Answer = (r, expect) =>
      expect.outcome === 'reject' && n++ % 2 === 1 ? { status: 'passed', actual: { operation: 'x', status: 400 }, failures: [] } : acceptsAll(r, expect);
    const { s, sender } = search(flaky);
    const found = (await s.explore(5, 20000))!;
    const before = sender.counts.sent;
    const confirmation = await s.confirm(found.first);
    expect(confirmation.sent).toBe(CONFIRMATIONS);
    expect(confirmation.recurred).toBeGreaterThan(0);
    expect(confirmation.recurred).toBeLessThan(CONFIRMATIONS);
    expect(sender.counts.confirming).toBe(CONFIRMATIONS);
    expect(sender.counts.sent - before).toBe(CONFIRMATIONS);
  });

  it('stops at once when stopped, and within the request limit', async () => {
    const { s, sender } = search(acceptsAll, { stopped: () => true });
    expect(await s.explore(5, 20000)).toBeUndefined();
    expect(sender.counts.sent).toBe(0);
    const limited = search(() => ({ status: 'passed', actual: { operation: 'x', status: 200 }, failures: [] }), { maxRequests: 7 });
    await limited.s.explore(5, 20000);
    expect(limited.sender.counts.sent).toBe(7);
  });
});
