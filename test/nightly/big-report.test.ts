import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/main';
import { MAX_INPUT_BYTES } from '../../src/io/input-file';
import type { ConformanceReport } from '../../src/report/model';
import { captureIo } from './helpers';

/** A report as large as the input limit lets someone hand to merge and diff (about a minute on two cores: slow project). */
const FIXTURES = resolve(__dirname, '../../fixtures/reports');
const dir = mkdtempSync(join(tmpdir(), 'sc-big-report-'));

function write(name: string, data: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(data));
  return file;
}

async function cli(args: string[]) {
  const io = captureIo({});
  const code = await main(args, io);
  return { code, io };
}

describe('merge and diff on a report at the input limit', () => {
  it('merges and diffs a report of 202,716 cases, within the input limit, without running out of stack', async () => {
    const n = 202_716;
    const cases = Array.from({ length: n }, (_, i) => ({ id: `c${i}`, title: '', group: 'g', kind: 'length', status: 'passed', steps: [] }));
    const base = JSON.parse(readFileSync(join(FIXTURES, 'night1.us-east-1.json'), 'utf8')) as ConformanceReport;
    const big = write('big.json', { ...base, cases, cleanup: { deleted: [], leftovers: [] } });
    expect(statSync(big).size).toBeLessThan(MAX_INPUT_BYTES);
    const merged = await cli(['merge', '--out', join(dir, 'big-merged'), big]);
    expect(merged.io.err()).not.toContain('Maximum call stack');
    expect(merged.code).toBe(0);
    // Every case only in the old report: a list as long as the report.
    const empty = write('empty.json', { ...base, cases: [] });
    const diff = await cli(['diff', big, empty]);
    expect(diff.io.err()).not.toContain('Maximum call stack');
    expect(diff.code).toBe(0);
    expect(diff.io.out()).toContain(`0 changed, 0 unchanged, 0 only in the new report, ${n} only in the old one.`);
  }, 120_000);
});
