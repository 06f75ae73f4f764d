import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMoto, type StartedTarget } from '../src/target/targets';
import type { ConformanceReport } from '../src/report/model';
import { runCliProcess } from './helpers/cli-process';
import { resourcesOn } from './helpers/target';

const work = mkdtempSync(join(tmpdir(), 'pact-verify-'));
const pacts = join(work, 'pacts');
let pactPath = '';

beforeAll(async () => {
  // Through the CLI: Pact's native core starts once per process, and a Jest worker may already hold one (the consumer test's).
  const written = await runCliProcess(['pact', '--dir', pacts], { SAGEMAKER_CONFORMANCE_PACT_CONSUMER: '', SAGEMAKER_CONFORMANCE_PACT_PROVIDER: '' });
  if (written.code !== 0) throw new Error(`pact failed: ${written.stderr}`);
  pactPath = join(
    pacts,
    readdirSync(pacts).find((f) => f.endsWith('.json'))!,
  );
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function reportIn(dir: string): ConformanceReport {
  return JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as ConformanceReport;
}

/** The lines naming failed interactions, by case id. */
function failedIds(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((l) => l.startsWith('✗ '))
    .map((l) => /→ \S+: ([^:]+):/.exec(l)?.[1] ?? l);
}

describe('sagemaker-conformance verify', () => {
  it('verifies every interaction against the reference mock and exits 0', async () => {
    const reports = join(work, 'mock');
    const { code, stderr, stdout } = await runCliProcess(['verify', '--target', 'mock', '--pact', pacts, '--report-dir', reports]);
    expect({ code, failed: failedIds(stderr) }).toEqual({ code: 0, failed: [] });
    expect(stdout).toContain('13 passed, 0 failed');
    const report = reportIn(reports);
    expect(report.contracts?.summary).toEqual({ total: 13, verified: 13, failed: 0, pendingFailed: 0, notRun: 0, skipped: 0 });
    expect(report.cleanup.leftovers).toEqual([]);
    expect(readFileSync(join(reports, 'junit.xml'), 'utf8')).toContain('EndpointConfigName.length.64');
    expect(readFileSync(join(reports, 'conformance.md'), 'utf8')).toContain('## Contracts');
    expect(readFileSync(join(reports, 'conformance.html'), 'utf8')).toContain('Contracts');
  });

  it('joins the verification to a conformance run of the same target: one report, the worse exit code', async () => {
    const reports = join(work, 'joined');
    const { code, stderr } = await runCliProcess([
      'run',
      '--target',
      'mock:Tags.count.max+1',
      '--only',
      'Tags.count.*',
      '--pact',
      pacts,
      '--report-dir',
      reports,
    ]);
    expect({ code, failed: failedIds(stderr) }).toEqual({ code: 1, failed: ['Tags.count.51'] });
    const report = reportIn(reports);
    expect(report.cases.filter((c) => c.status !== 'passed').map((c) => c.id)).toEqual(['Tags.count.51']);
    expect(report.contracts?.summary).toEqual({ total: 13, verified: 12, failed: 1, pendingFailed: 0, notRun: 0, skipped: 0 });
    expect(report.cleanup.leftovers).toEqual([]);
  });

  it('fails against a mock switched to accept 51 tags, naming only that interaction', async () => {
    const reports = join(work, 'tags');
    const { code, stderr } = await runCliProcess(['verify', '--target', 'mock:Tags.count.max+1', '--pact', pacts, '--report-dir', reports]);
    expect({ code, failed: failedIds(stderr) }).toEqual({ code: 1, failed: ['Tags.count.51'] });
    const failed = reportIn(reports).contracts?.interactions.filter((i) => i.status === 'failed');
    expect(failed?.map((i) => i.failures)).toEqual([expect.arrayContaining(['expected 400 but was 200'])]);
  });

  it('exits 2 naming a provider state it does not know, before touching the target', async () => {
    const pact = JSON.parse(readFileSync(pactPath, 'utf8')) as { interactions: { providerStates?: { name: string }[] }[] };
    pact.interactions[0]!.providerStates = [{ name: 'a unicorn named sparkle exists' }];
    const file = join(work, 'unknown-state.json');
    writeFileSync(file, JSON.stringify(pact));
    const { code, stderr } = await runCliProcess(['verify', '--target', 'mock', '--pact', file, '--report-dir', join(work, 'unknown')]);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown provider state "a unicorn named sparkle exists"');
    expect(stderr).toContain('a model named NAME exists');
  });

  it('exits 2 when there are no pact files', async () => {
    const { code, stderr } = await runCliProcess(['verify', '--pact', join(work, 'nothing-here'), '--report-dir', join(work, 'none')]);
    expect(code).toBe(2);
    expect(stderr).toContain('no such file or folder');
  });

  it('keeps credentials and signatures out of pact files and reports', () => {
    const texts = [
      readFileSync(pactPath, 'utf8'),
      ...['conformance.json', 'conformance.md', 'conformance.html', 'junit.xml'].map((f) => readFileSync(join(work, 'mock', f), 'utf8')),
    ];
    for (const text of texts) {
      expect(text).not.toMatch(/Authorization|AKID|conformance-dummy-secret|Signature=/i);
    }
  });
});

describe('sagemaker-conformance verify against moto', () => {
  let moto: StartedTarget;
  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(() => moto.stop());

  it('exits 1 naming the interactions moto gets wrong (the 64-character name among them) and deletes what it created', async () => {
    const reports = join(work, 'moto');
    const { code, stderr } = await runCliProcess(['verify', '--target', moto.url!, '--pact', pacts, '--report-dir', reports]);
    expect(code).toBe(1);
    // moto 5.2.1 enforces no lengths or counts and accepts duplicates (fixtures/expectations/moto.json).
    expect(failedIds(stderr).sort()).toEqual([
      'EndpointConfigName.length.64',
      'KmsKeyId.length.2049',
      'ProductionVariants.count.0',
      'Tags.count.51',
      'behaviour.duplicate-name',
    ]);
    expect(await resourcesOn(moto.url!)).toEqual([]);
  });
});
