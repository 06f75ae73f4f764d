import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliProcess } from '../helpers/cli-process';

/** Two recordings of the same target diff to nothing; a changed code or reworded message is listed where it changed. */
describe('diff-recordings', () => {
  const work = mkdtempSync(join(tmpdir(), 'diff-rec-'));
  const only = ['--only', 'EndpointConfigName.*', '--only', 'ProductionVariants[].VariantName.*', '--only', 'ListEndpointConfigs.*'];

  async function record(name: string, target: string): Promise<string> {
    const dir = join(work, name);
    const run = await runCliProcess(['run', '--target', target, ...only, '--record', dir, '--report-dir', join(work, `${name}-reports`)]);
    expect(run.stderr).toMatch(/recording: \d+ exchanges/);
    return dir;
  }

  it('finds nothing between two recordings of the same target, paginated listings included', async () => {
    const first = await record('first', 'mock');
    const second = await record('second', 'mock');
    const diff = await runCliProcess(['diff-recordings', first, second, '--json', '--fail-on-change']);
    expect(JSON.parse(diff.stdout)).toMatchObject({ header: [], changes: [] });
    expect(diff.code).toBe(0);
  }, 120000);

  it('lists a new error code and a reworded message, by case', async () => {
    const sound = await record('sound', 'mock');
    const code = await record('code', 'mock:error-code-wrong');
    const worded = await record('worded', 'mock:member-paths-last-segment');
    const codeDiff = await runCliProcess(['diff-recordings', sound, code, '--fail-on-change']);
    expect(codeDiff.code).toBe(1);
    expect(codeDiff.stdout).toMatch(/CreateEndpointConfig, case EndpointConfigName\.\S+ step 1: code "ValidationException" → "InvalidParameterException"/);
    const wordDiff = JSON.parse((await runCliProcess(['diff-recordings', sound, worded, '--json'])).stdout);
    const messages = wordDiff.changes.filter((c: { what: string }) => c.what === 'message');
    expect(messages.length).toBeGreaterThan(0);
    expect(wordDiff.changes.filter((c: { what: string }) => c.what === 'code' || c.what === 'status')).toEqual([]);
  }, 120000);

  it('run --compare says per case whether the answer is the same as the recorded one, beside the verdict', async () => {
    const recorded = await record('reference', 'mock');
    const same = await runCliProcess(['run', '--target', 'mock', ...only, '--compare', recorded, '--report-dir', join(work, 'same')]);
    expect(same.stderr).toMatch(/compared with .*: (\d+) same as recorded, 0 differ, 0 not in the recording/);
    const other = await runCliProcess(['run', '--target', 'mock:error-code-wrong', ...only, '--compare', recorded, '--report-dir', join(work, 'other')]);
    expect(other.stderr).toMatch(/compared with .*: \d+ same as recorded, [1-9]\d* differ/);
    const report = JSON.parse(readFileSync(join(work, 'other', 'conformance.json'), 'utf8'));
    const c = report.cases.find((x: { id: string }) => x.id === 'EndpointConfigName.required');
    expect(c.status).toBe('failed');
    expect(c.comparison).toEqual({ asRecorded: 'differs', differences: ['code InvalidParameterException, recorded ValidationException'] });
    expect(readFileSync(join(work, 'other', 'conformance.md'), 'utf8')).toContain('## Compared with a recording');
  }, 120000);
});
