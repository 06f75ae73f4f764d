import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { prepareRun } from '../../src/runner/run';
import { parseShard, selectShard } from '../../src/report/shard';
import type { ConformanceReport } from '../../src/report/model';
import { captureIo } from './helpers';

describe('sharding the case table', () => {
  const all = prepareRun({ target: { kind: 'mock' }, runId: 'shards' }).cases.map((c) => c.id);

  it.each([1, 2, 3, 4, 7, all.length, all.length + 5])('covers every case exactly once with %i shards, in sizes differing by at most one', (n) => {
    const shards = Array.from({ length: n }, (_, i) => selectShard(all, { index: i + 1, count: n }));
    const union = shards.flat();
    expect(union.slice().sort()).toEqual(all.slice().sort());
    expect(new Set(union).size).toBe(all.length);
    const sizes = shards.map((s) => s.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('gives the same split whatever the run id', () => {
    const other = prepareRun({ target: { kind: 'mock' }, runId: 'zzz999', shard: parseShard('2/3') }).cases.map((c) => c.id);
    expect(other).toEqual(selectShard(all, { index: 2, count: 3 }));
  });

  it('parses i/n and rejects anything else', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(() => parseShard('5/4')).toThrow('1 ≤ i ≤ n');
    expect(() => parseShard('2-4')).toThrow('i/n');
  });

  it('records the shard in the report of a sharded run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-shard-'));
    const io = captureIo({});
    expect(await main(['run', '--shard', '2/3', '--report-dir', dir], io)).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as ConformanceReport;
    expect(report.shard).toEqual({ index: 2, count: 3 });
    expect(report.cases.map((c) => c.id)).toEqual(selectShard(all, { index: 2, count: 3 }));
    expect(io.err()).toContain('shard 2/3');
  });
});
