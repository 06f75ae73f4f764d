/**
 * What a target sends is data the suite keeps bounded (issue 23, points 7 and 8): no regular expression on a
 * target's text is worse than linear (a message of a million `[` pinned explore at 100% CPU for 635 s), and the
 * reports of the whole table stay a few megabytes when every create answers with a 1 MB ARN (they were 700 MB).
 * And should anything still hold the event loop, where signal handlers run, a watchdog thread ends the process.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BLOCKED_LOOP_LIMIT_MS } from '../../src/cli/watchdog';
import { startCli } from '../helpers/cli-child';
import { errorAnswer, ordinary, startHostileTarget, type HostileTarget } from '../helpers/hostile-target';
import { removeReportDir, runCliInProcess, type CliRun } from '../helpers/cli-in-process';

let target: HostileTarget | undefined;
let run: CliRun | undefined;
afterEach(async () => {
  removeReportDir(run);
  run = undefined;
  await target?.close();
  target = undefined;
});

describe('a target answering a message of a million [', () => {
  it('is explored, judged and reported in seconds', async () => {
    const brackets = '['.repeat(1_000_000);
    target = await startHostileTarget((call, res) =>
      call.operation === 'CreateEndpointConfig' ? errorAnswer(res, 400, 'ValidationException', brackets) : ordinary(call, res),
    );
    const started = Date.now();
    run = await runCliInProcess(['explore', '--target', target.url, '--seed', '5', '--max-requests', '20', '--max-body', '4MiB']);
    expect(run.stderr).not.toMatch(/unexpected error/);
    expect(run.report!.explore!.counts.sent).toBeGreaterThan(0);
    // Seconds, not the ten minutes and more the quadratic message-shape regex took.
    expect(Date.now() - started).toBeLessThan(30000);
  }, 120000);
});

describe('a target answering every create with a 1 MB ARN', () => {
  it('gets reports of the whole table under 10 MB in all, each ARN kept as its start and its size', async () => {
    const arn = `arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/${'x'.repeat(999_000)}`;
    target = await startHostileTarget((call, res) => {
      if (call.operation !== 'CreateEndpointConfig') return ordinary(call, res);
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'req-1' });
      res.end(JSON.stringify({ EndpointConfigArn: arn }));
    });
    run = await runCliInProcess(['run', '--target', target.url, '--concurrency', '8', '--max-body', '2MiB']);
    const cases = run.report!.cases;
    // The whole table ran (the ARN fails its name check; nothing was cut short).
    expect(cases.length).toBeGreaterThan(600);
    expect(cases.filter((c) => c.status === 'skipped')).toEqual([]);
    const sizes = readdirSync(run.reportDir).map((f) => statSync(join(run!.reportDir, f)).size);
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThan(10 * 1024 * 1024);
    const stored = JSON.stringify(cases.find((c) => c.steps.some((s) => s.operation === 'CreateEndpointConfig' && s.actual.status === 200))!.steps);
    expect(stored).toContain(`${arn.slice(0, 1024)}… (${arn.length} chars)`);
  }, 600000);
});

describe('a run whose event loop is held (a runaway computation on a target answer)', () => {
  it('is gone within the watchdog limit and a second of SIGTERM, leaving its placeholder report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-held-'));
    target = await startHostileTarget((call, res) => setTimeout(() => ordinary(call, res), 200));
    const cli = startCli(['run', '--target', target.url, '--report-dir', dir, '--concurrency', '1'], { SC_HOLD_LOOP_AFTER_MS: '3000' }, [
      '-r',
      resolve(__dirname, '../helpers/hold-loop.cjs'),
    ]);
    try {
      await cli.waitFor('holding the event loop', 60000);
      const sent = Date.now();
      cli.child.kill('SIGTERM');
      const exited = await cli.exited;
      expect(exited.at - sent).toBeLessThan(BLOCKED_LOOP_LIMIT_MS + 1000);
      expect(cli.stderr()).toMatch(/the event loop was held for \d+ s \(a runaway computation\): stopping the process/);
      expect(JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8'))).toMatchObject({
        complete: false,
        problem: expect.stringContaining('has written no report'),
      });
    } finally {
      await cli.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120000);
});
