import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ConformanceReport } from '../src/report/model';
import { startCliWorker, type CliWorker } from './helpers/cli-worker';

// examples/consumer end to end, as CI runs it: the team's own Pact test (its jest.config.js, with this repository's
// node_modules and `sagemaker-conformance/...` mapped here) writes its pact; `verify` passes it against the reference
// mock and fails it against the fault that breaks the team's use (an endpoint config needs two variants).
// Jest and both verifications run in one worker process (Jest's own runCLI, the CLI's main()): one cold start.
const root = resolve(__dirname, '..');
const example = join(root, 'examples/consumer');
const work = mkdtempSync(join(tmpdir(), 'pact-example-'));
let cli: CliWorker;
afterAll(async () => {
  await cli?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('examples/consumer', () => {
  const pacts = join(work, 'pacts');

  beforeAll(async () => {
    cli = await startCliWorker();
    const { ok, output } = await cli.jest(join(example, 'jest.config.js'), example, { PACT_DIR: pacts, SAGEMAKER_CONFORMANCE_ROOT: root });
    if (!ok) throw new Error(`the example's consumer test failed:\n${output}`);
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
