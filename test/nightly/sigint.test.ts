import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ConformanceReport } from '../../src/report/model';
import { startProxy } from './helpers';
import { startReferenceMock } from '../../src/mock/reference';

const BIN = resolve(__dirname, '../../bin/sagemaker-conformance.cjs');

describe('SIGINT in the middle of a run', () => {
  it('finishes the case in flight, deletes everything, writes a report marked incomplete and exits 130', async () => {
    const mock = await startReferenceMock();
    const slow = await startProxy(mock.url, { delayMs: 50 });
    const dir = mkdtempSync(join(tmpdir(), 'sc-sigint-'));
    const child = spawn(process.execPath, [BIN, 'run', '--target', slow.url, '--concurrency', '1', '--report-dir', dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_PROFILE: '' },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      // Interrupt once a few cases have created resources on the target.
      const deadline = Date.now() + 20000;
      while (slow.seen.filter((r) => r.operation === 'CreateEndpointConfig').length < 8 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(mock.store.count()).toBeGreaterThan(0);
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      const report = JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as ConformanceReport;
      expect(report.complete).toBe(false);
      expect(report.problem).toContain('interrupted (SIGINT)');
      expect(report.summary.skipped).toBeGreaterThan(0);
      expect(report.summary.passed).toBeGreaterThan(0);
      expect(report.cleanup.leftovers).toEqual([]);
      expect(mock.store.count()).toBe(0);
      expect(stderr).toContain('SIGINT: finishing cases in flight');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      await slow.close();
      await mock.close();
    }
  });
});
