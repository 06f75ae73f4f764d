import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exploreTarget } from '../../src/explore/explore';
import { foundCase, saveFindings, type FoundCasesFile } from '../../src/explore/cases';
import { runConformance } from '../../src/runner/run';
import { knownFaults } from '../../src/mock/faults';

/**
 * The power of `explore`, measured on faults only a combination of members reveals: the whole case table passes
 * against each, and explore, on a fixed seed and its default budget, finds each and shrinks it to a small case
 * that replays through `run`: failing the faulty mock, passing the sound one.
 */
const FAULTS: [string, { member: string; kind: string; maxBytes: number }][] = [
  ['ProductionVariants[].InstanceType.enum-first-variant-only', { member: 'ProductionVariants[].InstanceType', kind: 'enum', maxBytes: 200 }],
  ['Tags[].Key.length-ignored-past-3-tags', { member: 'Tags[].Key', kind: 'length', maxBytes: 400 }],
  ['AsyncInferenceConfig.OutputConfig.required-only-when-parent-empty', { member: 'AsyncInferenceConfig.OutputConfig', kind: 'required', maxBytes: 200 }],
  [
    'ProductionVariants[].ServerlessConfig.MemorySizeInMB.memory-1gb-increments-ignored-with-ProvisionedConcurrency',
    { member: 'ProductionVariants[].ServerlessConfig.MemorySizeInMB', kind: 'rule', maxBytes: 250 },
  ],
];
const SEED = 1;

describe('explore against faults only combinations reveal', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sc-power-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has exactly these combination faults, each saying why the table cannot see it', () => {
    const combination = Object.entries(knownFaults('model')).filter(([, f]) => f.combination);
    expect(combination.map(([name]) => name).sort()).toEqual(FAULTS.map(([name]) => name).sort());
    for (const [, fault] of combination) expect(fault.combination!.length).toBeGreaterThan(30);
  });

  it('the whole table passes against the mock with all four switched on', async () => {
    // Each fault only overlooks violations, so the four together overlook every violation any one of them does: a
    // table that passes against the four at once passes against each alone (and one run costs a quarter of four).
    const { report } = await runConformance({ target: { kind: 'mock', faults: FAULTS.map(([fault]) => fault) }, runId: 'power01' });
    expect(report.summary.failed + report.summary.errored).toBe(0);
    expect(report.summary.passed).toBe(report.summary.total);
  });

  it.each(FAULTS)(
    'explore finds %s on seed 1 within its default budget, shrinks it, and the saved case replays',
    async (fault, expected) => {
      const { report, exitCode } = await exploreTarget({ target: { kind: 'mock', faults: [fault] }, seed: SEED, maxFindings: 1 });
      const e = report.explore!;
      expect(exitCode).toBe(1);
      expect(e.stoppedBy).toBe('findings');
      expect(e.durationMs).toBeLessThan(e.budget.ms + e.budget.shrinkMs);
      const finding = e.findings[0]!;
      expect(finding.why.map((w) => [w.member, w.kind])).toContainEqual([expected.member, expected.kind]);
      expect(finding.shrink.toBytes).toBeLessThanOrEqual(expected.maxBytes);
      expect(finding.shrink.toBytes).toBeLessThan(finding.shrink.fromBytes);
      expect(finding.confirmation).toEqual({ sent: 3, recurred: 3 });
      expect(report.cases.map((c) => c.id)).toEqual([finding.id]);
      expect(report.cleanup.leftovers).toEqual([]);

      const file = join(dir, `${fault.replace(/[^A-Za-z0-9]/g, '_')}.json`);
      saveFindings(file, 'CreateEndpointConfig', [
        foundCase(finding, { target: `mock:${fault}`, runId: report.runId, foundAt: report.finishedAt, operation: 'CreateEndpointConfig' }),
      ]);
      const saved = JSON.parse(readFileSync(file, 'utf8')) as FoundCasesFile;
      expect(saved.cases[0]).toMatchObject({ id: finding.id, clause: finding.clause, explore: { seed: SEED, path: finding.path } });

      const faulty = await runConformance({ target: { kind: 'mock', faults: [fault] }, casesFiles: [file], only: ['*.explore-*'] });
      expect(faulty.report.cases.map((c) => [c.id, c.status])).toEqual([[finding.id, 'failed']]);
      const sound = await runConformance({ target: { kind: 'mock' }, casesFiles: [file], only: ['*.explore-*'] });
      expect(sound.report.cases.map((c) => [c.id, c.status])).toEqual([[finding.id, 'passed']]);
    },
    120000,
  );
});
