import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/main';
import { diffReports, normaliseMessage, renderDiff } from '../../src/report/diff';
import { readReport } from '../../src/report/load';
import type { MergedReport } from '../../src/report/merged';
import type { ConformanceReport } from '../../src/report/model';
import { captureIo } from './helpers';

const FIXTURES = resolve(__dirname, '../../fixtures/reports');
const night = (n: 1 | 2) => ['eu-west-1.shard-1-of-2', 'eu-west-1.shard-2-of-2', 'us-east-1'].map((f) => join(FIXTURES, `night${n}.${f}.json`));
const DRIFTED = 'EndpointConfigName.length.64';

describe('diff', () => {
  it('lists the case whose outcome changed, with both answers, and exits 1 only when asked', async () => {
    const io = captureIo({});
    expect(await main(['diff', join(FIXTURES, 'night1.eu-west-1.shard-1-of-2.json'), join(FIXTURES, 'night2.eu-west-1.shard-1-of-2.json')], io)).toBe(0);
    expect(io.out()).toContain(`| \`${DRIFTED}\` | passed: 400 ValidationException | failed: 200 | status, http, error-code |`);
    expect(io.out()).toContain('failed to satisfy constraint'); // the old message is shown
    expect(io.out()).toContain('1 changed, 5 unchanged');
    const strict = captureIo({});
    expect(
      await main(
        ['diff', '--fail-on-change', join(FIXTURES, 'night1.eu-west-1.shard-1-of-2.json'), join(FIXTURES, 'night2.eu-west-1.shard-1-of-2.json')],
        strict,
      ),
    ).toBe(1);
  });

  it('finds no change between two nights that answered alike, although run ids and messages differ', async () => {
    const io = captureIo({});
    expect(await main(['diff', '--fail-on-change', '--messages', join(FIXTURES, 'night1.us-east-1.json'), join(FIXTURES, 'night2.us-east-1.json')], io)).toBe(
      0,
    );
    expect(io.out()).toContain('0 changed, 12 unchanged');
  });

  it('counts a changed message as drift with --messages, ignoring run ids and accounts', () => {
    const before = readReport(join(FIXTURES, 'night1.us-east-1.json'));
    const after = structuredClone(before) as typeof before;
    const report = after.report as ConformanceReport;
    const c = report.cases.find((x) => x.steps[0]?.actual.message)!;
    c.steps[0]!.actual.message = `${c.steps[0]!.actual.message!} (reworded)`;
    expect(diffReports(before, after, { compareMessages: true }).changed.map((x) => [x.id, x.what])).toEqual([[c.id, ['message']]]);
    expect(diffReports(before, after).changed).toEqual([]);
    expect(normaliseMessage('Value sc-n1us-003 and SC-N1US-004 in 123456789012', ['n1us'])).toBe('Value sc-<run>-003 and SC-<run>-004 in <account>');
  });

  it('refuses reports that are not reports, with exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-diff-'));
    writeFileSync(join(dir, 'bad.json'), '{"hello": 1}');
    const io = captureIo({});
    expect(await main(['diff', join(dir, 'bad.json'), join(FIXTURES, 'night1.us-east-1.json')], io)).toBe(2);
    expect(io.err()).toContain('is not a conformance report');
  });
});

describe('merge', () => {
  const mergeInto = async (files: string[]) => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-merge-'));
    const io = captureIo({});
    const code = await main(['merge', '--out', dir, ...files], io);
    return { code, io, dir };
  };

  it('combines shards and regions into a target-by-case matrix in JSON, Markdown and HTML', async () => {
    const { code, io, dir } = await mergeInto(night(1));
    expect(code).toBe(0);
    const merged = JSON.parse(readFileSync(join(dir, 'merged.json'), 'utf8')) as MergedReport;
    expect(merged.columns.map((c) => [c.key, c.shards, c.missingShards, c.complete, c.summary.passed])).toEqual([
      ['mock/eu-west-1', [1, 2], [], true, 12],
      ['mock/us-east-1', [], [], true, 12],
    ]);
    expect(merged.cases).toHaveLength(12);
    expect(Object.keys(merged.matrix[DRIFTED]!)).toEqual(['mock/eu-west-1', 'mock/us-east-1']);
    // Rows follow the suite's own case order, not the shards' interleaving.
    const single = readReport(join(FIXTURES, 'night1.us-east-1.json')).report as ConformanceReport;
    expect(merged.cases.map((c) => c.id)).toEqual(single.cases.map((c) => c.id));
    expect(readFileSync(join(dir, 'merged.md'), 'utf8')).toContain('| case | `mock/eu-west-1` | `mock/us-east-1` |');
    expect(readFileSync(join(dir, 'merged.html'), 'utf8')).toContain('<th>mock/eu-west-1');
    expect(io.out()).toContain('mock/eu-west-1: 12 passed, 0 failed, 0 errored, 0 skipped, 0 expected failures, 0 unexpected passes (12 cases)');
  });

  it('marks cases where targets disagree and exits 1 when a target fails one', async () => {
    const { code, dir } = await mergeInto(night(2));
    expect(code).toBe(1);
    const markdown = readFileSync(join(dir, 'merged.md'), 'utf8');
    expect(markdown).toContain(`| \`${DRIFTED}\` ≠ | ❌ failed (200) | ✅ passed (400 ValidationException) |`);
  });

  it('names a missing shard and calls the target incomplete', async () => {
    const { code, dir } = await mergeInto(night(1).slice(1));
    expect(code).toBe(1);
    const merged = JSON.parse(readFileSync(join(dir, 'merged.json'), 'utf8')) as MergedReport;
    expect(merged.columns[0]).toMatchObject({ key: 'mock/eu-west-1', missingShards: [1], complete: false });
  });

  it('refuses the same shard twice (exit 2): the reports would not add up', async () => {
    const { code, io } = await mergeInto([night(1)[0]!, night(1)[0]!]);
    expect(code).toBe(2);
    expect(io.err()).toContain('given twice');
  });

  it('gives a merged report that diff compares night against night, per target', async () => {
    const one = await mergeInto(night(1));
    const two = await mergeInto(night(2));
    const io = captureIo({});
    expect(await main(['diff', '--fail-on-change', join(one.dir, 'merged.json'), join(two.dir, 'merged.json')], io)).toBe(1);
    expect(io.out()).toContain(`mock/eu-west-1 ${DRIFTED}`);
    expect(io.out()).toContain('1 changed, 23 unchanged');
  });
});

describe('run --baseline', () => {
  it('reports drift against last night, only for the cases this run ran, and exits 1 with --fail-on-change', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-baseline-'));
    const io = captureIo({});
    const code = await main(
      [
        'run',
        '--only',
        'EndpointConfigName.*',
        '--region',
        'eu-west-1',
        '--shard',
        '1/2',
        '--baseline',
        join(FIXTURES, 'night2.eu-west-1.shard-1-of-2.json'),
        '--fail-on-change',
        '--report-dir',
        dir,
      ],
      io,
    );
    expect(code).toBe(1);
    expect(io.out()).toContain(`${DRIFTED}: failed: 200 → passed: 400 ValidationException`);
    expect(readFileSync(join(dir, 'drift.md'), 'utf8')).toContain('1 changed, 5 unchanged, 0 only in the new report, 0 only in the old one');
  });

  it('exits 0 when nothing changed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-baseline-'));
    const io = captureIo({});
    expect(
      await main(['run', '--only', 'EndpointConfigName.*', '--baseline', join(FIXTURES, 'night1.us-east-1.json'), '--fail-on-change', '--report-dir', dir], io),
    ).toBe(0);
    expect(io.out()).toContain('drift against');
    expect(io.out()).toContain(': 0 changed');
  });
});

describe('diff within a step', () => {
  const base = () => readReport(join(FIXTURES, 'night1.us-east-1.json'));
  const listing = (...names: string[]) => ({ EndpointConfigs: names.map((n) => ({ EndpointConfigName: n, CreationTime: 1 })) });

  it('says the same names came back in another order, and which names came or went', () => {
    const before = base();
    const after = structuredClone(before);
    const [b, a] = [before, after].map((r) => (r.report as ConformanceReport).cases[0]!.steps[0]!.actual);
    b!.body = listing('sc-n1us-001', 'sc-n1us-002', 'sc-n1us-003');
    a!.body = listing('sc-n1us-003', 'sc-n1us-002', 'sc-n1us-001');
    const order = diffReports(before, after);
    expect(order.changed.map((c) => c.what)).toEqual([['order']]);
    expect(order.changed[0]!.within).toEqual([
      'step 1: the same 3 names in another order (sc-<run>-001, sc-<run>-002, sc-<run>-003 → sc-<run>-003, sc-<run>-002, sc-<run>-001)',
    ]);
    a!.body = listing('sc-n1us-001', 'sc-n1us-002', 'sc-n1us-004');
    const items = diffReports(before, after);
    expect(items.changed[0]!.within).toEqual(['step 1: lists 1 more (sc-<run>-004) and 1 fewer (sc-<run>-003)']);
    expect(renderDiff(items, { before: 'a', after: 'b' })).toContain(
      '- step 1: lists 1 more (sc-\\<run\\>-004)'.replace(/\\</g, '&lt;').replace(/\\>/g, '&gt;'),
    );
  });

  it('names the error code that changed', () => {
    const before = base();
    const after = structuredClone(before);
    (after.report as ConformanceReport).cases[0]!.steps[0]!.actual.errorCode = 'ResourceInUse';
    expect(diffReports(before, after).changed[0]!.within).toEqual(['step 1: error code ValidationException → ResourceInUse']);
  });

  it('does not call a run whose expectations alone changed a change of behaviour', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-diff-x-'));
    const before = JSON.parse(readFileSync(join(FIXTURES, 'night2.eu-west-1.shard-1-of-2.json'), 'utf8')) as ConformanceReport;
    const after = structuredClone(before);
    const failed = after.cases.find((c) => c.status === 'failed')!;
    failed.status = 'expected-failure';
    failed.deviation = 'known: no length check';
    writeFileSync(join(dir, 'before.json'), JSON.stringify(before));
    writeFileSync(join(dir, 'after.json'), JSON.stringify(after));
    const io = captureIo({});
    expect(await main(['diff', '--fail-on-change', join(dir, 'before.json'), join(dir, 'after.json')], io)).toBe(0);
    expect(io.out()).toContain('0 changed, 5 unchanged, 0 only in the new report, 0 only in the old one. 1 changed only in the expectations');
    expect(io.out()).toContain(`- \`${failed.id}\`: failed → expected-failure`);
  });
});
