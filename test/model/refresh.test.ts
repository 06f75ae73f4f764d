/**
 * A whole model refresh, as docs/refresh.md's steps run it, on a synthetic newer model made from the vendored one: a bound
 * moved, a new patterned member, a quoted sentence gone. The import stops on what needs a person (one line each,
 * naming the item and the overlay file, writing nothing); once a person has decided, it prints what changed, and
 * the new spec goes through list, the mock and the fault battery like the shipped one.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { planRun } from '../../src/engine/session';
import { openSession } from '../../src/runner/open-session';
import { runPool } from '../../src/engine/pool';
import { selects, specDerivedFaults, type CaseSelector } from '../../src/mock/faults';
import { specBehaviour } from '../../src/mock/behaviour';
import { startMock } from '../../src/mock/server';
import { loadOperation, loadService } from '../../src/spec/load';
import { editionDir } from '../../src/spec/editions';
import type { OperationSpec } from '../../src/spec/types';
import type { MockBehaviour } from '../../src/mock/behaviour';
import { captureIo } from '../helpers/io';

const OP = 'CreateEndpointConfig';
const MODEL_DIR = editionDir('model');
const S = 'com.amazonaws.sagemaker#';
const NEW_PATTERN = '^arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:[0-9]{12}:cluster/[a-z0-9]+$';

type Shapes = Record<
  string,
  { type?: string; members?: Record<string, { target: string; traits?: Record<string, unknown> }>; traits?: Record<string, unknown> }
>;

/** The vendored model with one bound moved, one member added and one documented sentence gone. */
function newerModel(): string {
  const model = JSON.parse(readFileSync(join(MODEL_DIR, 'smithy', 'sagemaker-2017-07-24.json'), 'utf8')) as { shapes: Shapes };
  model.shapes[`${S}ServerlessMaxConcurrency`]!.traits!['smithy.api#range'] = { min: 1, max: 300 };
  model.shapes[`${S}CreateEndpointConfigInput`]!.members!.ClusterArn = { target: `${S}SyntheticClusterArn` };
  model.shapes[`${S}SyntheticClusterArn`] = { type: 'string', traits: { 'smithy.api#length': { min: 20, max: 256 }, 'smithy.api#pattern': NEW_PATTERN } };
  model.shapes[`${S}ProductionVariantServerlessConfig`]!.members!.MemorySizeInMB!.traits!['smithy.api#documentation'] = '<p>The memory size.</p>';
  return JSON.stringify(model);
}

let dir: string;
let out: string;
let overlayFile: string;
let importArgs: string[];
const read = (file: string) => readFileSync(file, 'utf8');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sc-refresh-'));
  out = join(dir, 'contracts');
  // The repository as it is before the refresh: the generated spec, the overlays, the observed file.
  for (const sub of ['operations', 'uncovered', 'overlays', 'observed']) cpSync(join(MODEL_DIR, sub), join(out, sub), { recursive: true });
  mkdirSync(join(dir, 'smithy'));
  writeFileSync(join(dir, 'smithy', 'sagemaker-2017-07-24.json'), newerModel());
  writeFileSync(
    join(dir, 'smithy', 'PROVENANCE.json'),
    JSON.stringify({ repository: 'example/models', path: 'sagemaker.json', commit: 'synthetic', date: '2099-01-01', licence: 'Apache-2.0' }),
  );
  overlayFile = join(out, 'overlays', `${OP}.json`);
  importArgs = ['import-model', '--operation', OP, '--model', join(dir, 'smithy', 'sagemaker-2017-07-24.json'), '--out', out];
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a refresh onto a newer model', () => {
  it('stops on what needs a person, one line per item naming it and the overlay file, and writes nothing', async () => {
    const before = read(join(out, 'operations', `${OP}.json`));
    const io = captureIo({});
    expect(await main([...importArgs, '--summary', join(dir, 'summary.md')], io)).toBe(2);
    const lines = io.err().trim().split('\n');
    expect(lines[0]).toMatch(/import-model stopped: \d+ item\(s\) need a person's decision; nothing was written/);
    expect(lines.find((l) => l.includes('rule memory-1gb-increments'))).toContain(
      `(${overlayFile}): the documentation of ${S}ProductionVariantServerlessConfig$MemorySizeInMB does not say`,
    );
    expect(lines.find((l) => l.includes('member ClusterArn '))).toContain(`(${overlayFile})`);
    expect(
      lines
        .filter((l) => !l.startsWith('sagemaker-conformance:'))
        .every((l) => l.startsWith('  rule ') || l.startsWith('  member ') || l.startsWith('  shape ')),
    ).toBe(true);
    expect(io.err()).not.toMatch(/--help/);
    expect(read(join(out, 'operations', `${OP}.json`))).toBe(before);
    expect(() => read(join(dir, 'summary.md'))).toThrow();
  });

  it('once decided, prints each changed member, bound and case, and writes the same summary as Markdown', async () => {
    // What the person decides: the rule goes (its sentence went), the new member gets a value and one that breaks it.
    const overlay = JSON.parse(read(overlayFile)) as { rules: { id: string; path: string }[]; retired?: unknown[]; members: Record<string, unknown> };
    overlay.rules = overlay.rules.filter((r) => r.id !== 'memory-1gb-increments');
    overlay.retired = [...(overlay.retired ?? []), { id: 'memory-1gb-increments', why: 'the documentation no longer says it' }];
    overlay.members.ClusterArn = {
      example: 'arn:aws:sagemaker:{region}:123456789012:cluster/conformance',
      pattern: { invalid: { 'not-a-cluster': 'arn:aws:sagemaker:{region}:123456789012:endpoint/conformance' } },
    };
    writeFileSync(overlayFile, JSON.stringify(overlay));

    const io = captureIo({});
    expect(await main([...importArgs, '--summary', join(dir, 'summary.md')], io)).toBe(0);
    const text = io.out();
    expect(text).toMatch(/^members added: 1\n {2}ClusterArn$/m);
    expect(text).toContain('~ ProductionVariants[].ServerlessConfig.MaxConcurrency range 1..200 -> 1..300');
    expect(text).toContain('~ ShadowProductionVariants[].ServerlessConfig.MaxConcurrency range 1..200 -> 1..300');
    expect(text).toContain(`+ ClusterArn pattern ${NEW_PATTERN}`);
    expect(text).toContain('+ ClusterArn length 20..256');
    const section = (title: string) => text.split(`${title}:`)[1]!.split(/\n\S/)[0]!;
    expect(section('cases added')).toContain('ProductionVariants[].ServerlessConfig.MaxConcurrency.range.300');
    expect(section('cases added')).toContain('ClusterArn.pattern.not-a-cluster');
    expect(section('cases removed')).toContain('ProductionVariants[].ServerlessConfig.MemorySizeInMB.memory-1gb-increments.1111');
    expect(section('cases removed')).toContain('ProductionVariants[].ServerlessConfig.MaxConcurrency.range.200');
    const markdown = read(join(dir, 'summary.md'));
    expect(markdown).toContain('| `ProductionVariants[].ServerlessConfig.MaxConcurrency` | range | `1..200` | `1..300` |');
    expect(markdown).toContain('- `ClusterArn.pattern.not-a-cluster`');
  });

  it('lists the new cases and runs them against the mock, every case passing', async () => {
    const ids = planRun({ operation: OP, contractsDir: out, runId: 'refrsh' }).cases.map((c) => c.id);
    expect(ids).toEqual(
      expect.arrayContaining(['ClusterArn.length.256', 'ClusterArn.pattern.not-a-cluster', 'ProductionVariants[].ServerlessConfig.MaxConcurrency.range.301']),
    );
    expect(ids.some((id) => id.includes('memory-1gb-increments'))).toBe(false);
    const spec = loadOperation(OP, out);
    expect(await notPassing(spec, specBehaviour)).toEqual([]);
  }, 120000);

  it('gives the self-test a fault for the new member and the moved bound, and the table catches each', async () => {
    const spec = loadOperation(OP, out);
    const faults = specDerivedFaults(spec);
    for (const name of ['ClusterArn.pattern-ignored', 'ClusterArn.length.max+1', 'ProductionVariants[].ServerlessConfig.MaxConcurrency.range.max-1']) {
      expect(faults[name]).toBeDefined();
      expect({ name, caught: (await notPassing(spec, faults[name]!.apply(specBehaviour), faults[name]!.observers)).length > 0 }).toEqual({
        name,
        caught: true,
      });
    }
  }, 120000);
});

/** The ids of the cases (those the fault's observers choose, default all) that do not pass against a mock serving `spec` with `behaviour`. */
async function notPassing(spec: OperationSpec, behaviour: MockBehaviour, observers?: CaseSelector[]): Promise<string[]> {
  const plan = planRun({ operation: OP, contractsDir: out, runId: 'refrsh' });
  const mock = await startMock({ service: loadService(), operations: new Map([[OP, spec]]), behaviour, region: plan.region });
  try {
    const cases = plan.cases.filter((c) => !observers || observers.some((o) => selects(o, c)));
    // Four in flight, as a run has, and a patient timeout: the machine may be shared by other test runs.
    const session = await openSession(plan, { target: { kind: 'url', url: mock.url }, timeoutMs: 60000 });
    try {
      await session.setup();
      const results = await runPool(cases, 4, (c) => session.runCase(c));
      return results.filter((r) => r !== undefined && r.status !== 'passed').map((r) => `${r!.id}: ${r!.status}`);
    } finally {
      await session.close();
    }
  } finally {
    await mock.close();
  }
}
