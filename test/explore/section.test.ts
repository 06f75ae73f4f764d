import { planRun } from '../../src/engine/plan';
import { newExploration } from '../../src/explore/loop';
import { explorationProblem, exploreSection, replayLine } from '../../src/explore/section';

const plan = planRun({ runId: 'sect01' });
const facts = { seed: 3, budgetMs: 1000, shrinkMs: 500, regionGiven: false, target: { kind: 'mock' as const, faults: ['a', 'b'] }, durationMs: 12 };

describe("the report's explore section", () => {
  it('replays the same target, edition, region, seed, run id and request limit', () => {
    expect(replayLine(plan, facts)).toBe('sagemaker-conformance explore --target mock:a,b --seed 3 --run-id sect01');
    expect(replayLine(plan, { ...facts, target: { kind: 'url', url: 'http://127.0.0.1:9' }, edition: 'seed', regionGiven: true, maxRequests: 40 })).toBe(
      `sagemaker-conformance explore --target http://127.0.0.1:9 --edition seed --region ${plan.region} --seed 3 --run-id sect01 --max-requests 40`,
    );
  });

  it('reports the rate over exploring only, and 0 when exploring never ran', () => {
    const x = newExploration(plan);
    expect(exploreSection(x, plan, facts)).toMatchObject({
      seed: 3,
      budget: { ms: 1000, requests: 0, shrinkMs: 500 },
      stoppedBy: 'not-started',
      requestsPerSecond: 0,
      durationMs: 12,
    });
    x.tally.counts.sent = 50;
    x.window = { started: 1000, ended: 1500 };
    expect(exploreSection(x, plan, facts).requestsPerSecond).toBe(100);
  });

  it('says when nothing was answered, and when some requests got no answer in the protocol', () => {
    const x = newExploration(plan);
    x.tally.counts.errors = 2;
    x.tally.cutShort = 1;
    const none = explorationProblem(x, 'earlier', true, false);
    expect(none.nothingAnswered).toBe(true);
    expect(none.problem).toMatch(/^the target answered none of the requests sent; 2 got no answer .*; 1 still unanswered .*; earlier$/);
    expect(explorationProblem(x, undefined, true, true).nothingAnswered).toBe(false);
    x.tally.counts.answeredAccept = 5;
    x.tally.counts.sent = 7;
    expect(explorationProblem(x, undefined, true, false)).toEqual({ nothingAnswered: false, problem: expect.stringMatching(/^2 of 7 requests got no answer/) });
    expect(explorationProblem(x, 'kept', true, false).problem).toBe('kept');
  });
});
