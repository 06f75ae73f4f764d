import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIRMATIONS, exploreTarget } from '../../src/explore/explore';
import { startReferenceMock } from '../../src/mock/reference';
import { errorAnswer, startProxy } from '../nightly/helpers';
import { runCliInProcess, removeReportDir } from '../helpers/cli-in-process';

/** A fixed-seed PRNG (mulberry32), so the flaky target refuses the same creates on every run of the test. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The sound mock behind a proxy refusing 15% of creates at random, never two in a row (so never the same request
 * twice in a row): the flaky target. Every other call, and every create it lets through, the mock answers.
 */
async function flakyTarget(seed: number) {
  const mock = await startReferenceMock();
  const next = random(seed);
  let refusedLast = false;
  let refused = 0;
  const proxy = await startProxy(mock.url, {
    intercept: (req) => {
      if (req.operation !== 'CreateEndpointConfig') return undefined;
      refusedLast = !refusedLast && next() < 0.15;
      if (!refusedLast) return undefined;
      refused++;
      return errorAnswer(400, 'ValidationException', 'Request refused, try again');
    },
  });
  return { mock, url: proxy.url, refused: () => refused, close: async () => (await proxy.close(), await mock.close()) };
}

describe('explore confirms a finding before reporting it', () => {
  it('reports what a target refuses at random as flaky, with how often it recurred, and exits 0', async () => {
    const target = await flakyTarget(15);
    try {
      const { report, exitCode } = await exploreTarget({ target: { kind: 'url', url: target.url }, seed: 4, runId: 'flaky01', maxRequests: 120 });
      const e = report.explore!;
      expect(target.refused()).toBeGreaterThan(5);
      expect(e.findings).toEqual([]);
      expect(e.flaky.length).toBeGreaterThanOrEqual(1);
      for (const f of e.flaky) {
        expect(f.flaky).toBe(true);
        expect(f.id).toMatch(/\.explore-s4-flaky-\d+$/);
        expect(f.confirmation!.sent).toBe(CONFIRMATIONS);
        expect(f.confirmation!.recurred).toBeLessThan(CONFIRMATIONS);
      }
      expect(e.counts.confirming).toBe(CONFIRMATIONS * e.flaky.length);
      // Not a failed case, not in the exit code; what the confirming requests created was deleted with the rest.
      expect(report.cases).toEqual([]);
      expect(report.summary.failed).toBe(0);
      expect(exitCode).toBe(0);
      expect(report.cleanup.leftovers).toEqual([]);
      expect(target.mock.store.count()).toBe(0);
    } finally {
      await target.close();
    }
  });

  it('still reports a target that refuses every time as a deviation, recurring every time, and exits 1', async () => {
    // A target refusing every create: a valid request refused is a deviation however often it is sent.
    const mock = await startReferenceMock();
    const proxy = await startProxy(mock.url, {
      intercept: (req) => (req.operation === 'CreateEndpointConfig' ? errorAnswer(400, 'ValidationException', 'Request refused') : undefined),
    });
    try {
      const { report, exitCode } = await exploreTarget({ target: { kind: 'url', url: proxy.url }, seed: 4, runId: 'flaky02', maxRequests: 80, maxFindings: 1 });
      const e = report.explore!;
      expect(e.flaky).toEqual([]);
      expect(e.findings.length).toBe(1);
      expect(e.findings[0]!.confirmation).toEqual({ sent: CONFIRMATIONS, recurred: CONFIRMATIONS });
      expect(report.cases.map((c) => [c.id, c.status])).toEqual([[e.findings[0]!.id, 'failed']]);
      expect(exitCode).toBe(1);
    } finally {
      await proxy.close();
      await mock.close();
    }
  });

  it('prints and writes flaky findings apart, and does not --save them as cases', async () => {
    const target = await flakyTarget(15);
    const dir = mkdtempSync(join(tmpdir(), 'sc-flaky-'));
    const save = join(dir, 'found.json');
    const run = await runCliInProcess(['explore', '--target', target.url, '--seed', '4', '--max-requests', '120', '--save', save]);
    try {
      expect(run.code).toBe(0);
      expect(run.stderr).toMatch(/^flaky: \S+\.explore-s4-flaky-1: .*; recurred [0-2] of 3 when sent again\)$/m);
      expect(run.stderr).toMatch(/^not saved to .*found\.json: \d+ flaky finding\(s\)/m);
      expect(existsSync(save)).toBe(false);
      expect(run.stdout).toMatch(/^findings: 0 /m);
      expect(run.stdout).toMatch(/^flaky \(not deviations, not in the exit code\): \d+: \S+-flaky-1 \(recurred [0-2] of 3 when sent again\)/m);
      expect(run.report!.explore!.flaky[0]).toMatchObject({ flaky: true, confirmation: { sent: 3 } });
      expect(readFileSync(join(run.reportDir, 'conformance.md'), 'utf8')).toMatch(/### Findings: 0[\s\S]*### Flaky: \d+[\s\S]*- flaky: recurred [0-2] of 3/);
      expect(readFileSync(join(run.reportDir, 'conformance.html'), 'utf8')).toMatch(/<h2>Flaky \(\d+\)<\/h2>[\s\S]*flaky: recurred [0-2] of 3/);
      expect(readFileSync(join(run.reportDir, 'junit.xml'), 'utf8')).toMatch(/<property name="explore.flaky" value="[1-9]\d*"\/>/);
    } finally {
      removeReportDir(run);
      rmSync(dir, { recursive: true, force: true });
      await target.close();
    }
  });
});
