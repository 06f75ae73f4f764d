import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { startReferenceMock } from '../../src/mock/reference';
import type { RunningMock } from '../../src/mock/server';
import type { MergedReport } from '../../src/report/merged';
import type { ConformanceReport } from '../../src/report/model';
import { captureIo, startProxy, type Proxy } from './helpers';

/**
 * Two emulators side by side: the reference mock, and a second target (a proxy in front of another mock) that
 * accepts every DeleteEndpointConfig. Each is a URL of the same region, as a mock and a moto started by hand are.
 */
const ONLY = ['EndpointConfigName.*', 'DeleteEndpointConfig.*', 'DescribeEndpointConfig.*'];

let good: RunningMock;
let other: RunningMock;
let lax: Proxy;
const dir = mkdtempSync(join(tmpdir(), 'sc-side-'));

async function runAgainst(url: string, name: string, extra: string[] = []): Promise<string> {
  const reportDir = join(dir, name);
  const io = captureIo({});
  const code = await main(['run', '--target', url, '--region', 'us-east-1', ...ONLY.flatMap((o) => ['--only', o]), '--report-dir', reportDir, ...extra], io);
  expect([0, 1]).toContain(code);
  return join(reportDir, 'conformance.json');
}

async function merge(args: string[]) {
  const out = mkdtempSync(join(tmpdir(), 'sc-side-merged-'));
  const io = captureIo({});
  const code = await main(['merge', '--out', out, ...args], io);
  const json = code === 2 ? undefined : (JSON.parse(readFileSync(join(out, 'merged.json'), 'utf8')) as MergedReport);
  const md = code === 2 ? '' : readFileSync(join(out, 'merged.md'), 'utf8');
  return { code, io, json, md };
}

let mockReport: string;
let laxReport: string;

beforeAll(async () => {
  good = await startReferenceMock({ region: 'us-east-1' });
  other = await startReferenceMock({ region: 'us-east-1' });
  // Accepts every delete without deleting: Delete's reject cases fail there, and only Delete's.
  lax = await startProxy(other.url, {
    intercept: (req) =>
      req.operation === 'DeleteEndpointConfig'
        ? { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'lax' }, body: '{}' }
        : undefined,
  });
  mockReport = await runAgainst(good.url, 'mock');
  laxReport = await runAgainst(lax.url, 'lax', ['--label', 'lax-1.0']);
}, 60_000);

afterAll(async () => {
  await lax.close();
  await other.close();
  await good.close();
});

describe('merge side by side', () => {
  it('puts two URL targets of one region in two columns, one matrix per operation, and exits with the verdict', async () => {
    const { code, json, md } = await merge([mockReport, laxReport]);
    expect(code).toBe(1); // the lax target fails Delete's reject cases
    expect(json!.columns.map((c) => c.key)).toEqual([`${good.url} (us-east-1)`, 'lax-1.0']);
    expect(md).toContain('## Conformance matrix: `CreateEndpointConfig`');
    expect(md).toContain('## Conformance matrix: `DeleteEndpointConfig`');
    expect(md).toContain('## Conformance matrix: `DescribeEndpointConfig`');
  });

  it("never sums Describe, List or Delete cases into Create's rows", async () => {
    const { json, md } = await merge([`${mockReport}=mock`, `${laxReport}=lax-1.0`]);
    const report = JSON.parse(readFileSync(mockReport, 'utf8')) as ConformanceReport;
    const createLength = report.cases.filter((c) => c.operation === 'CreateEndpointConfig' && c.kind === 'length' && c.facts.member === 'EndpointConfigName');
    const deleteLength = report.cases.filter((c) => c.operation === 'DeleteEndpointConfig' && c.kind === 'length' && c.facts.member === 'EndpointConfigName');
    expect(createLength.length).toBeGreaterThan(0);
    expect(deleteLength.length).toBeGreaterThan(0);
    const section = (op: string) => md.slice(md.indexOf(`## Conformance matrix: \`${op}\``)).split('\n## ')[0]!;
    // Create's EndpointConfigName length row counts Create's cases alone, on both targets, and all pass on both.
    expect(section('CreateEndpointConfig')).toContain(
      `| \`EndpointConfigName\` | length | ✅ ${createLength.length}/${createLength.length} | ✅ ${createLength.length}/${createLength.length} |`,
    );
    // Delete's row has its own count, and the lax target's failures show there.
    expect(section('DeleteEndpointConfig')).toMatch(
      new RegExp(`\\| \`EndpointConfigName\` \\| length \\| ✅ ${deleteLength.length}/${deleteLength.length} \\| ❌ \\d/${deleteLength.length} \\|`),
    );
    // Scores per operation and target: Create untouched on the lax target, Delete not.
    const lax = json!.columns.find((c) => c.key === 'lax-1.0')!;
    const mock = json!.columns.find((c) => c.key === 'mock')!;
    expect(lax.operations.CreateEndpointConfig).toEqual(mock.operations.CreateEndpointConfig);
    expect(lax.operations.DeleteEndpointConfig!.passed).toBeLessThan(mock.operations.DeleteEndpointConfig!.passed);
    expect(mock.operations.DeleteEndpointConfig!.judged).toBe(mock.operations.DeleteEndpointConfig!.total);
    expect(md).toMatch(/\| `DeleteEndpointConfig` \| \d+ of \d+ judged \(\d+ cases\) \| \d+ of \d+ judged \(\d+ cases\) \|/);
  });

  it('names a column by the label given at run time', () => {
    const report = JSON.parse(readFileSync(laxReport, 'utf8')) as ConformanceReport;
    expect(report.target.name).toBe('lax-1.0');
  });

  it('refuses a label that is not one, in one line with exit 2', async () => {
    const { code, io } = await merge([`${mockReport}=<b>x</b>`]);
    expect(code).toBe(2);
    expect(io.err()).toMatch(/=" "<b>x<\/b>"|a label is 1 to 64/);
    const run = captureIo({});
    expect(await main(['run', '--label', 'has space', '--only', 'EndpointConfigName.required'], run)).toBe(2);
    expect(run.err()).toContain('a label is 1 to 64');
  });

  it('shows each target deviation groups when its report carries them, and does without', async () => {
    const withGroups = join(dir, 'grouped.json');
    const report = JSON.parse(readFileSync(laxReport, 'utf8')) as Record<string, unknown>;
    report.groups = [
      {
        operation: 'DeleteEndpointConfig',
        title: 'accepted when it should be rejected',
        count: 5,
        cases: ['DeleteEndpointConfig.EndpointConfigName.length.64'],
      },
    ];
    writeFileSync(withGroups, JSON.stringify(report));
    const { md, json } = await merge([`${mockReport}=mock`, `${withGroups}=lax-1.0`]);
    expect(md).toContain('## Deviation groups');
    expect(md).toContain('- 5 cases: DeleteEndpointConfig: accepted when it should be rejected (e.g. DeleteEndpointConfig.EndpointConfigName.length.64)');
    expect(json!.columns.find((c) => c.key === 'mock')!.groups).toEqual([]);
  });

  it('still refuses one target given twice, and says how to name two targets', async () => {
    const { code, io } = await merge([mockReport, mockReport]);
    expect(code).toBe(2);
    expect(io.err()).toContain('=NAME');
  });
});

describe('the conformance index', () => {
  it("counts a case whose set-up errored as not judged, in the run's JSON and Markdown", async () => {
    // Every CreateEndpointConfig answers HTTP 500: each Describe case errors in its set-up, before its own call.
    const broken = await startProxy(other.url, {
      intercept: (req) =>
        req.operation === 'CreateEndpointConfig' ? { status: 500, headers: { 'content-type': 'text/html' }, body: '<h1>oops</h1>' } : undefined,
    });
    try {
      const reportDir = join(dir, 'broken');
      const io = captureIo({});
      expect(await main(['run', '--target', broken.url, '--region', 'us-east-1', '--operation', 'DescribeEndpointConfig', '--report-dir', reportDir], io)).toBe(
        1,
      );
      const report = JSON.parse(readFileSync(join(reportDir, 'conformance.json'), 'utf8')) as ConformanceReport;
      const score = report.operations!.DescribeEndpointConfig!;
      // The cases that send no create (a Describe of a name that does not exist) are still judged.
      const ownCallOnly = report.cases.filter((c) => c.steps.length > 0 && c.steps.every((s) => s.operation === 'DescribeEndpointConfig')).length;
      expect(score.errored).toBeGreaterThan(0);
      expect(score.judged).toBe(ownCallOnly);
      expect(score.judged).toBeLessThan(score.total);
      expect(readFileSync(join(reportDir, 'conformance.md'), 'utf8')).toContain(`| \`DescribeEndpointConfig\` | ${score.passed} of ${score.judged} judged |`);
    } finally {
      await broken.close();
    }
  });
});
