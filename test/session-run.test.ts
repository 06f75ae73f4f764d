import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planRun } from '../src/engine/plan';
import { summarize } from '../src/report/model';
import { runSession, type SessionConclusion } from '../src/runner/session-run';
import { reportSpec } from '../src/runner/envelope';
import { startReportedRun } from '../src/cli/reported-run';

const quiet = (): SessionConclusion => ({ head: { summary: summarize([]) }, tail: { cases: [] }, needsAttention: false });

describe('runSession', () => {
  it('opens a session on the target, runs the body on it, and builds the envelope with exit code 0', async () => {
    const plan = planRun({ runId: 'sess01' });
    const { report, exitCode, value } = await runSession(plan, { target: { kind: 'mock' } }, { body: async (s) => s.target.kind, conclude: quiet });
    expect(value).toBe('mock');
    expect(exitCode).toBe(0);
    expect(report).toMatchObject({ runId: 'sess01', complete: true, target: { kind: 'mock', region: plan.region }, suite: { spec: reportSpec(plan) } });
    expect(report.setup?.length).toBeGreaterThan(0);
    expect(report.cleanup.leftovers).toEqual([]);
  });

  it.each([
    ['a body that throws could not start: exit 2', { body: async () => Promise.reject(new Error('boom')), conclude: quiet }, 2, /^could not start: boom/],
    ['work that needs attention: exit 1', { body: async () => 1, conclude: () => ({ ...quiet(), needsAttention: true }) }, 1, undefined],
    [
      'work that judged nothing: exit 2',
      { body: async () => 1, conclude: () => ({ ...quiet(), judged: false, problem: 'nothing answered' }) },
      2,
      /^nothing answered$/,
    ],
  ])('decides the exit code: %s', async (_, work, code, problem) => {
    const { report, exitCode } = await runSession(planRun({ runId: 'sess02' }), { target: { kind: 'mock' } }, work);
    expect(exitCode).toBe(code);
    expect(report.complete).toBe(code === 1);
    if (problem) expect(report.problem).toMatch(problem);
  });

  it('reports a session interrupted before it set up as incomplete, exit 1, without setting up', async () => {
    const controller = new AbortController();
    controller.abort('SIGINT');
    let ran = false;
    const { report, exitCode } = await runSession(
      planRun({ runId: 'sess03' }),
      { target: { kind: 'mock' }, signal: controller.signal },
      {
        body: async () => {
          ran = true;
        },
        conclude: quiet,
      },
    );
    expect(exitCode).toBe(1);
    expect(report.complete).toBe(false);
    expect(report.problem).toMatch(/interrupted \(SIGINT\)/);
    expect(report.setup).toBeUndefined();
    expect(ran).toBe(true);
  });
});

describe("the placeholder report's head", () => {
  it("gives suite.spec from the same source as a session's report", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-placeholder-'));
    const plan = planRun({ runId: 'sess04' });
    const stream = { write: () => true };
    const reported = startReportedRun({
      io: { stdout: stream, stderr: stream, env: {} } as never,
      reportDir: dir,
      command: 'run',
      plan,
      target: { kind: 'mock' },
      targetName: 'mock',
      stopping: 'stopping',
    });
    try {
      const placeholder = JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as { suite: unknown; complete: boolean };
      const { report } = await runSession(plan, { target: { kind: 'mock' } }, { body: async () => undefined, conclude: quiet });
      expect(placeholder.complete).toBe(false);
      expect(placeholder.suite).toEqual(report.suite);
    } finally {
      reported.end();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
