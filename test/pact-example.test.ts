import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ConformanceReport } from '../src/report/model';
import { runCliProcess } from './helpers/cli-process';

// examples/consumer end to end, as CI runs it: the team's own Pact test (its jest.config.js, with this repository's
// node_modules and `sagemaker-conformance/...` mapped here) writes its pact; `verify` passes it against the reference
// mock and fails it against the fault that breaks the team's use (an endpoint config needs two variants).
const root = resolve(__dirname, '..');
const example = join(root, 'examples/consumer');
const work = mkdtempSync(join(tmpdir(), 'pact-example-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function runExampleTests(pactDir: string): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(root, 'node_modules/jest/bin/jest.js'), '--config', join(example, 'jest.config.js'), '--ci'], {
      cwd: example,
      env: { ...process.env, PACT_DIR: pactDir, SAGEMAKER_CONFORMANCE_ROOT: root, PACT_DO_NOT_TRACK: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', fail);
    child.once('close', (code) => done({ code, output }));
  });
}

describe('examples/consumer', () => {
  const pacts = join(work, 'pacts');

  beforeAll(async () => {
    const { code, output } = await runExampleTests(pacts);
    if (code !== 0) throw new Error(`the example's consumer test failed:\n${output}`);
  });

  it("writes the team's pact with its three interactions and states", () => {
    expect(readdirSync(pacts)).toEqual(['team-a-sagemaker.json']);
    const pact = JSON.parse(readFileSync(join(pacts, 'team-a-sagemaker.json'), 'utf8')) as {
      interactions: { description: string; providerStates?: { name: string }[] }[];
    };
    expect(pact.interactions.map((i) => i.description).sort()).toEqual([
      'a create naming a missing model',
      'a create with one variant',
      'a describe of an existing endpoint config',
    ]);
  });

  it.each([
    ['mock', 0, {}],
    ['mock:ProductionVariants.count.min+1', 1, { 'a create with one variant': 'failed' }],
  ])('verifies against %s with exit code %d', async (target, exitCode, failures) => {
    const reports = join(work, `report-${exitCode}`);
    const { code } = await runCliProcess(['verify', '--target', target, '--pact', pacts, '--report-dir', reports]);
    const report = JSON.parse(readFileSync(join(reports, 'conformance.json'), 'utf8')) as ConformanceReport;
    const notVerified = Object.fromEntries(report.contracts!.interactions.filter((i) => i.status !== 'verified').map((i) => [i.description, i.status]));
    expect({ code, notVerified: exitCode === 0 ? notVerified : { 'a create with one variant': notVerified['a create with one variant'] } }).toEqual({
      code: exitCode,
      notVerified: failures,
    });
    expect(report.cleanup.leftovers).toEqual([]);
  });
});
