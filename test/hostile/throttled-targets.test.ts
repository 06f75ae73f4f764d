import { performance } from 'node:perf_hooks';
import { runConformance } from '../../src/runner/run';
import { exploreTarget } from '../../src/explore/explore';
import { CLOSING_REASON, planRun } from '../../src/engine/session';
import { openSession } from '../../src/runner/open-session';
import { removeReportDir, runCliInProcess } from '../helpers/cli-in-process';
import { errorAnswer, ordinary, startHostileTarget, type HostileTarget, type SeenCall } from '../helpers/hostile-target';

/**
 * Targets that throttle to the end (issue 23, point 5). The run-level throttle budget is 10 s for a URL target; the
 * bounds allow for a machine shared with other test runs and still fail the minutes the old waits took (a set-up
 * that gave up after 52 s, an explore with a 10 s budget that ran 78 s).
 */
const SLACK_MS = 5000;

/** What the target saw, and when (ms since the test began). */
type Timed = SeenCall & { at: number };

describe('targets that throttle to the end', () => {
  let target: HostileTarget | undefined;
  let seen: Timed[];
  let t0: number;
  beforeEach(() => {
    seen = [];
    t0 = performance.now();
  });
  afterEach(async () => {
    await target?.close();
    target = undefined;
  });

  const start = (throttles: (operation: string) => boolean, status = 400, code = 'ThrottlingException') =>
    startHostileTarget((call, res) => {
      seen.push({ ...call, at: performance.now() - t0 });
      if (throttles(call.operation)) errorAnswer(res, status, code, 'Rate exceeded');
      else ordinary(call, res);
    });

  it('a run whose set-up is throttled to the end gives up within seconds, exit 2, the reason in the report, and clean-up sends nothing', async () => {
    target = await start(() => true);
    const { report, exitCode } = await runConformance({ target: { kind: 'url', url: target.url }, only: ['CreateEndpointConfig.baseline'] });
    const elapsed = performance.now() - t0;
    expect(exitCode).toBe(2);
    expect(elapsed).toBeLessThan(10000 + SLACK_MS);
    expect(report.problem).toMatch(/^could not set up: the target answered only "slow down" \(ThrottlingException\) to DescribeModel.*nothing was created$/);
    // Nothing was created, so there is nothing to prove gone: no create got through, no delete is sent.
    expect(seen.map((c) => c.operation).filter((op) => op !== 'DescribeModel')).toEqual([]);
    expect(report.cleanup).toEqual({ deleted: [], leftovers: [] });
  }, 60000);

  it('run --throttle-budget 2s gives up after its own budget, not the default 10 s; a bad value is one line and exit 2', async () => {
    target = await start(() => true);
    const run = await runCliInProcess(['run', '--target', target.url, '--only', 'CreateEndpointConfig.baseline', '--throttle-budget', '2s']);
    removeReportDir(run);
    expect(run.code).toBe(2);
    expect(performance.now() - t0).toBeLessThan(2000 + SLACK_MS);
    expect(run.report?.problem).toMatch(/over the run's throttle budget of 2 s: gave up, nothing was created/);
    const bad = await runCliInProcess(['run', '--target', target.url, '--throttle-budget', 'soon']);
    removeReportDir(bad);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--throttle-budget/);
  }, 60000);

  it('a create refused with a throttle (here 503 SlowDown) created nothing: clean-up sends no delete for it', async () => {
    target = await start((op) => op === 'CreateModel', 503, 'SlowDown');
    const { report, exitCode } = await runConformance({
      target: { kind: 'url', url: target.url },
      only: ['CreateEndpointConfig.baseline'],
      throttle: { rounds: 1, baseMs: 5 },
    });
    expect(seen.map((c) => c.operation)).not.toContain('DeleteModel');
    expect(exitCode).toBe(2);
    expect(report.problem).toMatch(/only "slow down" \(SlowDown\) to CreateModel/);
  }, 60000);

  it('explore --budget 3s against a target throttling every create ends at the budget, exits 2, and sends nothing after clean-up began', async () => {
    target = await start((op) => op === 'CreateEndpointConfig');
    const budgetMs = 3000;
    const { report, exitCode } = await exploreTarget({ target: { kind: 'url', url: target.url }, budgetMs, seed: 7 });
    const returned = performance.now() - t0;
    expect(returned).toBeLessThan(budgetMs + SLACK_MS);
    // Clean-up began with the delete of the run's model: nothing of the exploring may follow it, then or later.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const cleanupAt = seen.findIndex((c) => c.operation === 'DeleteModel');
    expect(cleanupAt).toBeGreaterThan(0);
    expect(seen.slice(cleanupAt).map((c) => c.operation)).toEqual(['DeleteModel']);
    expect(seen.every((c) => c.at <= returned)).toBe(true);
    // Nothing answered: exit 2, with the reason.
    expect(exitCode).toBe(2);
    expect(report.complete).toBe(false);
    expect(report.problem).toMatch(/^the target answered none of the requests sent/);
  }, 90000);

  it('once the session closes, nothing but clean-up is sent: a late request is refused with the reason, clean-up still deletes', async () => {
    target = await start(() => false);
    const plan = planRun({ runId: 'gate01' });
    const session = await openSession(plan, { target: { kind: 'url', url: target.url } });
    await session.setup();
    const closing = session.close();
    const late = await session.send('CreateEndpointConfig', { EndpointConfigName: 'sc-gate01-late', ProductionVariants: [] });
    await closing;
    expect(late).toMatchObject({ transportError: CLOSING_REASON, unsent: true });
    expect(seen.map((c) => c.operation)).toEqual(['DescribeModel', 'CreateModel', 'DeleteModel']);
  });
});
