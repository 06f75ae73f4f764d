import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runConformance } from '../../src/runner/run';
import type { ConformanceReport } from '../../src/report/model';
import { startCli, type CliChild } from '../helpers/cli-child';
import { errorAnswer, ordinary, startHostileTarget, type HostileTarget } from '../helpers/hostile-target';

/**
 * Signal to exit. By design 1 s for calls in flight and 3 s of clean-up (docs/safety.md, Interrupts), printed as measured (1-2 s
 * alone); the bound allows for a machine shared with other test runs, and still fails the waits an interrupt must cut
 * short (throttling back-off, a 60 s call timeout).
 */
const INTERRUPT_BOUND_MS = 15000;
const readReport = (dir: string) => JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as ConformanceReport;

describe('stopping a run', () => {
  let target: HostileTarget | undefined;
  let cli: CliChild | undefined;
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sc-interrupt-'));
  });
  afterEach(async () => {
    await cli?.kill();
    await target?.close();
    rmSync(dir, { recursive: true, force: true });
    cli = undefined;
    target = undefined;
  });

  const throttling = () =>
    startHostileTarget((call, res) =>
      call.operation === 'CreateEndpointConfig' ? errorAnswer(res, 400, 'ThrottlingException', 'Rate exceeded') : ordinary(call, res),
    );

  it('says it is waiting on a throttling target, and Ctrl-C ends the run, clean-up included, in seconds', async () => {
    target = await throttling();
    cli = startCli(['run', '--target', target.url, '--report-dir', dir]);
    await cli.waitFor('throttled: the target keeps answering "slow down"');
    const sent = Date.now();
    cli.child.kill('SIGINT');
    const { code, at } = await cli.exited;
    process.stdout.write(`Ctrl-C against a throttling target: exit after ${at - sent} ms\n`);
    expect(code).toBe(130);
    expect(at - sent).toBeLessThan(INTERRUPT_BOUND_MS);
    const report = readReport(dir);
    expect(report.complete).toBe(false);
    expect(report.summary.failed + report.summary.errored).toBe(0);
    // One plan per run: the run id printed at the start is the report's.
    expect(cli.stderr()).toContain(`run ${report.runId}\n`);
    expect(target.seen.some((c) => c.operation === 'CreateModel' && c.body.includes(`sc-${report.runId}-model`))).toBe(true);
  });

  it('aborts a call the target never answers, and ends in seconds, not after its 60 s timeout', async () => {
    target = await startHostileTarget((call, res) => (call.operation === 'CreateEndpointConfig' ? undefined : ordinary(call, res)));
    cli = startCli(['run', '--target', target.url, '--report-dir', dir, '--timeout', '60s']);
    await cli.waitFor(/./);
    while (!target.seen.some((c) => c.operation === 'CreateEndpointConfig')) await new Promise((r) => setTimeout(r, 20));
    const sent = Date.now();
    cli.child.kill('SIGINT');
    const { code, at } = await cli.exited;
    process.stdout.write(`Ctrl-C against a stalled target: exit after ${at - sent} ms\n`);
    expect(code).toBe(130);
    expect(at - sent).toBeLessThan(INTERRUPT_BOUND_MS);
    expect(readReport(dir).complete).toBe(false);
  });

  it('handles SIGHUP (a closed terminal) like SIGTERM: clean-up, a report, exit 129', async () => {
    target = await throttling();
    cli = startCli(['run', '--target', target.url, '--report-dir', dir, '--max-attempts', '1']);
    await cli.waitFor('throttled:');
    cli.child.kill('SIGHUP');
    expect((await cli.exited).code).toBe(129);
    expect(readReport(dir)).toMatchObject({ complete: false, problem: expect.stringContaining('interrupted (SIGHUP)') });
  });

  it('stops when `npm run` is sent SIGTERM (npm does not pass it on): the run is not left going as an orphan', async () => {
    target = await throttling();
    cli = startCli(['--target', target.url, '--report-dir', dir, '--max-attempts', '1'], {}, [], ['npm', 'run', '--silent', 'conformance', '--']);
    await cli.waitFor('throttled:');
    const sent = Date.now();
    cli.child.kill('SIGTERM');
    await cli.exited;
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && !readFileSync(join(dir, 'conformance.json'), 'utf8').includes('interrupted (SIGTERM)'))
      await new Promise((r) => setTimeout(r, 50));
    process.stdout.write(`SIGTERM to npm run: report written after ${Date.now() - sent} ms\n`);
    expect(readReport(dir)).toMatchObject({ complete: false, problem: expect.stringContaining('interrupted (SIGTERM)') });
  });
});

describe('an interrupt during clean-up', () => {
  it('marks the report incomplete', async () => {
    const controller = new AbortController();
    const target = await startHostileTarget((call, res) => {
      if (call.operation === 'DeleteModel') {
        controller.abort('SIGINT');
        setTimeout(() => ordinary(call, res), 200);
        return;
      }
      ordinary(call, res);
    });
    try {
      const { report } = await runConformance({ target: { kind: 'url', url: target.url }, only: ['CreateEndpointConfig.baseline'], signal: controller.signal });
      expect(controller.signal.aborted).toBe(true);
      expect(report.complete).toBe(false);
      expect(report.problem).toContain('during clean-up');
    } finally {
      await target.close();
    }
  });
});

describe('a run killed before it writes its report', () => {
  it("leaves a placeholder that says so, never the previous run's report looking current", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-killed-'));
    const target = await startHostileTarget((call, res) =>
      call.operation === 'CreateEndpointConfig' ? errorAnswer(res, 400, 'ThrottlingException', 'Rate exceeded') : ordinary(call, res),
    );
    const old = startCli(['run', '--report-dir', dir, '--only', 'CreateEndpointConfig.baseline']);
    expect((await old.exited).code).toBe(0);
    const cli = startCli(['run', '--target', target.url, '--report-dir', dir, '--max-attempts', '1']);
    try {
      await cli.waitFor('throttled:');
      cli.child.kill('SIGKILL');
      await cli.exited;
      const report = readReport(dir);
      expect(report).toMatchObject({ complete: false, cases: [], problem: expect.stringContaining('has written no report') });
      expect(cli.stderr()).toContain(`run ${report.runId}\n`);
      expect(readFileSync(join(dir, 'conformance.md'), 'utf8')).toContain('has written no report');
    } finally {
      await cli.kill();
      await target.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
