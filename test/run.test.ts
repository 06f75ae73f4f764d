import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runConformance } from '../src/runner/run';
import { type RunningMock } from '../src/mock/server';
import { freePort, startMoto, type StartedTarget } from '../src/target/targets';
import { startReferenceMock } from '../src/mock/reference';
import { resourcesOn } from './helpers/target';

const notPassing = (cases: { id: string; status: string }[]) => cases.filter((c) => c.status !== 'passed').map((c) => `${c.id}: ${c.status}`);

describe('a full run against the reference mock', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startReferenceMock();
  });
  afterAll(() => mock.close());

  it('passes every case, exits 0 and leaves nothing behind', async () => {
    const { report, exitCode } = await runConformance({ target: { kind: 'url', url: mock.url } });
    expect(notPassing(report.cases)).toEqual([]);
    expect(report.summary.total).toBeGreaterThanOrEqual(70);
    expect(report.complete).toBe(true);
    expect(exitCode).toBe(0);
    expect(mock.store.count()).toBe(0);
    expect(report.cleanup.leftovers).toEqual([]);
  });

  it('turns a listed case that passes into an unexpected pass that fails the run', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'exp-')), 'expectations.json');
    writeFileSync(file, JSON.stringify({ 'Tags.count.51': 'pretend the target accepts 51 tags' }));
    const { report, exitCode } = await runConformance({ target: { kind: 'url', url: mock.url }, expectationsFile: file, only: ['Tags.count.*'] });
    expect(report.cases.find((c) => c.id === 'Tags.count.51')).toMatchObject({ status: 'unexpected-pass', deviation: 'pretend the target accepts 51 tags' });
    expect(exitCode).toBe(1);
  });

  it('skips every case, cleans up and reports an incomplete run when interrupted', async () => {
    const controller = new AbortController();
    controller.abort('SIGINT');
    const { report, exitCode } = await runConformance({ target: { kind: 'url', url: mock.url }, signal: controller.signal });
    expect(report.complete).toBe(false);
    expect(report.problem).toMatch(/interrupted \(SIGINT\)/);
    expect(report.summary.skipped).toBe(report.summary.total);
    expect(exitCode).toBe(1);
    expect(mock.store.count()).toBe(0);
  });
});

describe.each([
  [
    'seed',
    [
      ['EndpointConfigName.length.max+1', ['EndpointConfigName.length.64: failed']],
      ['Tags.count.max+1', ['Tags.count.51: failed']],
      ['KmsKeyId.length.max-1', ['KmsKeyId.length.2048: failed']],
      ['duplicates-accepted', ['behaviour.duplicate-name: failed']],
      ['unknown-references-accepted', ['ProductionVariants[].ModelName.not-found: failed']],
    ],
  ],
  [
    'model',
    [
      // Each is a whole run of the model table (the seed edition above shows the named boundaries): a limit, a rule, a default.
      ['ProductionVariants.count.max+1', ['ProductionVariants.count.11: failed']],
      [
        'ProductionVariants[].ServerlessConfig.MemorySizeInMB.memory-1gb-increments-ignored',
        ['ProductionVariants[].ServerlessConfig.MemorySizeInMB.memory-1gb-increments.1111: failed'],
      ],
      ['ProductionVariants[].InitialVariantWeight.default-ignored', ['behaviour.variant-weight-default: failed']],
    ],
  ],
] as const)('a run of the %s edition against a faulty mock', (spec, faults) => {
  it.each(faults.map(([fault, failing]) => [fault, [...failing]]))('with %s fails exactly the cases that check it', async (fault, failing) => {
    const { report, exitCode } = await runConformance({ target: { kind: 'mock', faults: [fault as string] }, edition: spec });
    expect(notPassing(report.cases)).toEqual(failing);
    expect(exitCode).toBe(1);
  });
});

describe('a run against moto', () => {
  let moto: StartedTarget;
  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(() => moto.stop());

  it.each([
    ['model', 'fixtures/expectations/moto.json'],
    ['seed', 'fixtures/expectations/moto.seed.json'],
  ])('matches the committed expectations of the %s edition and leaves nothing behind', async (spec, expectationsFile) => {
    const { report, exitCode } = await runConformance({ target: { kind: 'url', url: moto.url }, edition: spec, expectationsFile });
    expect(report.cases.filter((c) => c.status !== 'passed' && c.status !== 'expected-failure').map((c) => c.id)).toEqual([]);
    expect(report.summary.expectedFailures).toBeGreaterThan(30);
    expect(exitCode).toBe(0);

    expect(await resourcesOn(moto.url!)).toEqual([]);
  });
});

describe('a run against a target that is not there', () => {
  it('exits 2 with a reason a person can act on', async () => {
    const port = await freePort();
    const { report, exitCode } = await runConformance({ target: { kind: 'url', url: `http://127.0.0.1:${port}` }, maxAttempts: 1 });
    expect(exitCode).toBe(2);
    expect(report.problem).toMatch(/could not set up: .*connection refused.*is the target running\?/);
    expect(report.summary.skipped).toBe(report.summary.total);
  });
});
