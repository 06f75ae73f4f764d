import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { ConformanceReport } from '../src/report/model';
import { startCliWorker, type CliWorker } from './helpers/cli-worker';

// examples/consumer end to end, as CI runs it: the team's own Pact test (its jest.config.js, no path mapping) writes
// its pact; `verify` passes it against the reference mock and fails it against the fault that breaks the team's use
// (an endpoint config needs two variants). The team's Jest runs as its own process, as its `npm test` would, beside
// the start of one CLI worker that runs both verifications (one cold start).
const root = resolve(__dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'pact-example-'));
// A copy of the example, installed as `npm install` would install it, without the network: its `file:../..`
// dependency is a link to this repository (resolved through the package's `exports`, so the build in dist/), and its
// other dependencies are this repository's node_modules, one folder up.
const example = join(work, 'consumer');
cpSync(join(root, 'examples/consumer'), example, { recursive: true, filter: (from) => !/[/\\](node_modules|pacts)$/.test(from) });
mkdirSync(join(example, 'node_modules'));
symlinkSync(root, join(example, 'node_modules/sagemaker-conformance'), 'dir');
symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'), 'dir');
let cli: CliWorker;
afterAll(async () => {
  await cli?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('examples/consumer', () => {
  const pacts = join(work, 'pacts');

  beforeAll(async () => {
    const jest = require.resolve('jest/bin/jest');
    const team = promisify(execFile)(process.execPath, [jest, '--ci', '--config', join(example, 'jest.config.js')], {
      cwd: example,
      env: { ...process.env, PACT_DIR: pacts },
    }).catch((error: { stdout?: string; stderr?: string }) => {
      throw new Error(`the example's consumer test failed:\n${error.stdout ?? ''}${error.stderr ?? String(error)}`);
    });
    [cli] = await Promise.all([startCliWorker(), team]);
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
    const { code } = await cli.run(['verify', '--target', target, '--pact', pacts, '--report-dir', reports]);
    const report = JSON.parse(readFileSync(join(reports, 'conformance.json'), 'utf8')) as ConformanceReport;
    const notVerified = Object.fromEntries(report.contracts!.interactions.filter((i) => i.status !== 'verified').map((i) => [i.description, i.status]));
    expect({ code, notVerified: exitCode === 0 ? notVerified : { 'a create with one variant': notVerified['a create with one variant'] } }).toEqual({
      code: exitCode,
      notVerified: failures,
    });
    expect(report.cleanup.leftovers).toEqual([]);
  });
});
