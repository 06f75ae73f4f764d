/**
 * The importer: today's API read out of AWS's Smithy model, every constraint of CreateEndpointConfig covered or
 * listed with why, byte-identical on re-import, and generic enough that a second operation runs through the same
 * generator, judge and mock with no code of its own.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { planRun } from '../../src/engine/session';
import { runAgainstMock } from '../helpers/second-operation';
import { importChecked, REPOSITORY_ROOT, writeImported, coversConstraint } from '../../src/model/refresh';
import { readSmithyModel, operationId, shapeOf, plainText } from '../../src/model/smithy';
import { inputConstraints } from '../../src/model/walk';
import { loadOperation } from '../../src/spec/load';
import { editionDir } from '../../src/spec/editions';
import { captureIo } from '../helpers/io';
import { main } from '../../src/cli/main';

const MODEL_DIR = editionDir('model');
const MODEL_FILE = join(MODEL_DIR, 'smithy', 'sagemaker-2017-07-24.json');
const model = readSmithyModel(MODEL_FILE);
const inputId = shapeOf(model, operationId(model, 'CreateEndpointConfig')).input!.target;

/** The case ids `list --json` prints for an edition: what a user sees, through the CLI. */
async function listedCases(spec: string): Promise<{ id: string; kind: string; facts: { member?: string } }[]> {
  const io = captureIo({});
  expect(await main(['list', '--json', '--spec', spec], io)).toBe(0);
  return JSON.parse(io.out()) as { id: string; kind: string; facts: { member?: string } }[];
}

async function listedIds(spec: string): Promise<string[]> {
  return (await listedCases(spec)).map((c) => c.id);
}

let modelIds: string[] = [];
let modelCases: { id: string; kind: string; facts: { member?: string } }[] = [];
let seedIds: string[] = [];
beforeAll(async () => {
  modelCases = await listedCases('model');
  modelIds = modelCases.map((c) => c.id);
  seedIds = await listedIds('seed');
});

describe('the model edition of CreateEndpointConfig', () => {
  const uncovered = JSON.parse(readFileSync(join(MODEL_DIR, 'uncovered', 'CreateEndpointConfig.json'), 'utf8')) as {
    uncovered: { path: string; kind: string; reason: string }[];
  };

  it('has a case for every constraint trait reachable from CreateEndpointConfigInput, or lists it with a reason', () => {
    const constraints = inputConstraints(model, inputId);
    expect(constraints.length).toBeGreaterThanOrEqual(140);
    const missing = constraints
      .filter((c) => !modelCases.some((x) => coversConstraint(x, c)))
      .map((c) => `${c.path} ${c.kind}`)
      .sort();
    const listed = uncovered.uncovered.map((u) => `${u.path} ${u.kind}`).sort();
    expect(missing).toEqual(listed);
    for (const u of uncovered.uncovered) expect(u.reason.length).toBeGreaterThan(20);
  });

  it.each([
    'EndpointConfigName.length.63',
    'EndpointConfigName.length.64',
    'ProductionVariants.count.0',
    'ProductionVariants.count.10',
    'ProductionVariants.count.11',
    'Tags.count.50',
    'Tags.count.51',
    'KmsKeyId.length.2048',
    'KmsKeyId.length.2049',
    'EndpointConfigName.required',
    'ProductionVariants.required',
    'behaviour.duplicate-name',
    'ProductionVariants[].ModelName.not-found',
    'DataCaptureConfig.CaptureOptions.count.0',
    'ProductionVariants[].ServerlessConfig.MemorySizeInMB.range.6144',
    'ProductionVariants[].ServerlessConfig.MemorySizeInMB.memory-1gb-increments.1111',
    'ProductionVariants[].InstanceType.enum.ml.g5.12xlarge',
    'behaviour.serverless-variant',
    'behaviour.variant-weight-default',
  ])('has the case %s', (id) => {
    expect(modelIds).toContain(id);
  });

  it('no longer asserts the members today’s API made optional', () => {
    for (const id of [
      'ProductionVariants[].ModelName.required',
      'ProductionVariants[].InstanceType.required',
      'ProductionVariants[].InitialInstanceCount.required',
    ]) {
      expect(seedIds).toContain(id);
      expect(modelIds).not.toContain(id);
    }
  });

  it('keeps every named case of the design card in both editions', () => {
    for (const id of [
      'EndpointConfigName.length.63',
      'EndpointConfigName.length.64',
      'ProductionVariants.count.0',
      'Tags.count.50',
      'Tags.count.51',
      'KmsKeyId.length.2048',
      'KmsKeyId.length.2049',
      'behaviour.duplicate-name',
      'ProductionVariants[].ModelName.not-found',
    ]) {
      expect(seedIds).toContain(id);
      expect(modelIds).toContain(id);
    }
  });

  it('has a few stable accept cases for a huge enum, not one per value: its first and last value and the overlay’s', () => {
    // Read off the model, not written down: a refresh that adds instance types moves the last one.
    const values = (shapeOf(model, 'com.amazonaws.sagemaker#ProductionVariantInstanceType').members ?? {}) as Record<
      string,
      { traits?: Record<string, unknown> }
    >;
    const names = Object.values(values).map((m) => String(m.traits?.['smithy.api#enumValue']));
    expect(names.length).toBeGreaterThan(8);
    const instanceTypes = modelIds.filter((id) => id.startsWith('ProductionVariants[].InstanceType.enum.'));
    expect(instanceTypes).toEqual([
      `ProductionVariants[].InstanceType.enum.${names[0]}`,
      'ProductionVariants[].InstanceType.enum.ml.g5.12xlarge',
      `ProductionVariants[].InstanceType.enum.${names.at(-1)}`,
      'ProductionVariants[].InstanceType.enum.invalid',
    ]);
  });

  it('cites the shape and trait of every constraint, and quotes the documentation for every rule stated in prose', () => {
    const op = loadOperation('CreateEndpointConfig', MODEL_DIR);
    const text = JSON.stringify(op.input);
    const traits = [...text.matchAll(/"source":"(model#[^"]+)","member":"[^"]+","text":"([^"]+)"/g)].filter((m) => !m[1]!.endsWith('smithy.api#documentation'));
    expect(traits.length).toBeGreaterThanOrEqual(140);
    for (const match of traits) expect(match[2]).toMatch(/^com\.amazonaws\.sagemaker#\S+ (smithy\.api#\w+|enum|intEnum)/);
    const quoted = [
      ...(op.rules ?? []).map((r) => r.clause).filter((c) => c.source.startsWith('model#')),
      ...[...text.matchAll(/"source":"(model#[^"]+smithy\.api#documentation)","member":"[^"]+","text":"([^"]+)"/g)].map((m) => ({
        source: m[1]!,
        text: m[2]!,
      })),
    ];
    const behaviours = JSON.parse(readFileSync(join(MODEL_DIR, 'behaviours', 'CreateEndpointConfig.json'), 'utf8')) as {
      cases: { clause: { source: string; text: string } }[];
    };
    quoted.push(...behaviours.cases.map((c) => c.clause).filter((c) => c.source.endsWith('smithy.api#documentation')));
    expect(quoted.length).toBeGreaterThanOrEqual(10);
    for (const clause of quoted) {
      const [shapeId, member] = clause.source
        .replace(/^model#/, '')
        .replace(/ smithy\.api#documentation$/, '')
        .split('$');
      const shape = shapeOf(model, shapeId!);
      const doc = plainText((member ? shape.members?.[member]?.traits : shape.traits)?.['smithy.api#documentation']);
      expect(doc).toContain(clause.text);
    }
  });

  it('cites a public record for every rule seen on real accounts, quoting it as the observed file does', () => {
    const op = loadOperation('CreateEndpointConfig', MODEL_DIR);
    const observed = JSON.parse(readFileSync(join(MODEL_DIR, 'observed', 'CreateEndpointConfig.json'), 'utf8')) as {
      rules: { id: string; path: string; source: { url: string; quote: string } }[];
    };
    expect(observed.rules.length).toBeGreaterThan(0);
    for (const seen of observed.rules) {
      const rule = (op.rules ?? []).find((r) => r.id === seen.id && r.path === seen.path);
      expect(rule?.clause).toEqual({ source: seen.source.url, member: seen.path, text: seen.source.quote });
      expect(seen.source.url).toMatch(/^https:\/\/\S+$/);
      expect(modelIds.filter((id) => id.startsWith(`${seen.path}.${seen.id}.`)).length).toBeGreaterThan(0);
    }
  });

  it('names the model file, its upstream commit and its sha256, and the file is the one named', () => {
    const op = loadOperation('CreateEndpointConfig', MODEL_DIR);
    const provenance = op.spec.provenance!;
    // The commit is whatever PROVENANCE.json says the vendored copy is: a refresh moves it, the link must hold.
    const declared = JSON.parse(readFileSync(join(MODEL_DIR, 'smithy', 'PROVENANCE.json'), 'utf8')) as Record<string, string>;
    expect(provenance).toMatchObject({
      repository: declared.repository,
      path: declared.path,
      commit: declared.commit,
      date: declared.date,
      licence: declared.licence,
    });
    expect(provenance.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(provenance.file).toBe('contracts/model/smithy/sagemaker-2017-07-24.json');
    expect(
      createHash('sha256')
        .update(readFileSync(join(REPOSITORY_ROOT, provenance.file)))
        .digest('hex'),
    ).toBe(provenance.sha256);
  });
});

describe('import-model', () => {
  it('writes byte-identical files when run again on the same model and overlay', () => {
    const out = mkdtempSync(join(tmpdir(), 'import-'));
    const options = {
      model: MODEL_FILE,
      operation: 'CreateEndpointConfig',
      overlay: join(MODEL_DIR, 'overlays', 'CreateEndpointConfig.json'),
      observed: join(MODEL_DIR, 'observed', 'CreateEndpointConfig.json'),
    };
    writeImported(importChecked(options), options, out);
    for (const sub of ['operations', 'uncovered']) {
      expect(readFileSync(join(out, sub, 'CreateEndpointConfig.json'), 'utf8')).toBe(readFileSync(join(MODEL_DIR, sub, 'CreateEndpointConfig.json'), 'utf8'));
    }
  });

  it('refuses a rule whose quotation the model does not contain, in one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'overlay-'));
    const overlay = JSON.parse(readFileSync(join(MODEL_DIR, 'overlays', 'CreateEndpointConfig.json'), 'utf8')) as { rules: { clause: { quote: string } }[] };
    overlay.rules[0]!.clause.quote = 'Valid values are any multiple of 512 MB.';
    writeFileSync(join(dir, 'o.json'), JSON.stringify(overlay));
    const io = captureIo({});
    expect(await main(['import-model', '--operation', 'CreateEndpointConfig', '--overlay', join(dir, 'o.json'), '--out', dir], io)).toBe(2);
    const stderr = io.err();
    expect(stderr).toMatch(/does not say "Valid values are any multiple of 512 MB\."/);
    expect(stderr).toContain(`rule memory-1gb-increments (${join(dir, 'o.json')})`);
    expect(stderr).not.toMatch(/--help/);
  });

  it('stops on an overlay entry that names a shape or member the model no longer has (renamed?), one line each', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'overlay-'));
    const overlay = JSON.parse(readFileSync(join(MODEL_DIR, 'overlays', 'CreateEndpointConfig.json'), 'utf8')) as {
      shapes: Record<string, unknown>;
      members: Record<string, unknown>;
    };
    overlay.shapes['com.amazonaws.sagemaker#KmsKeyIdRenamed'] = overlay.shapes['com.amazonaws.sagemaker#KmsKeyId'];
    overlay.members['ProductionVariants[].ServerlessKonfig'] = { example: {} };
    writeFileSync(join(dir, 'o.json'), JSON.stringify(overlay));
    const io = captureIo({});
    expect(await main(['import-model', '--operation', 'CreateEndpointConfig', '--overlay', join(dir, 'o.json'), '--out', dir], io)).toBe(2);
    const lines = io.err().trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(
      new RegExp(
        `^ {2}shape com\\.amazonaws\\.sagemaker#KmsKeyIdRenamed \\(${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/o\\.json\\): the model has no such shape`,
      ),
    );
    expect(lines[2]).toContain('member ProductionVariants[].ServerlessKonfig (');
    expect(readdirSync(dir)).toEqual(['o.json']);
  });

  it('refuses a file that is not a Smithy JSON AST model', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'model-'));
    writeFileSync(join(dir, 'm.json'), JSON.stringify({ version: '1.0', operations: {} }));
    const io = captureIo({});
    expect(await main(['import-model', '--operation', 'CreateModel', '--model', join(dir, 'm.json'), '--out', dir], io)).toBe(2);
    const stderr = io.err();
    expect(stderr).toMatch(/not a Smithy JSON AST model/);
  });
});

describe('a second operation imported from the same model, with no overlay', () => {
  const out = mkdtempSync(join(tmpdir(), 'import-createmodel-'));
  const options = { model: MODEL_FILE, operation: 'CreateModel' };
  const imported = importChecked(options);
  writeImported(imported, options, out);
  const createModel = loadOperation('CreateModel', out);

  it('covers its constraints and lists the rest with a reason', () => {
    expect(imported.constraints.length).toBeGreaterThan(50);
    expect(imported.cases.length).toBeGreaterThan(100);
    for (const u of imported.uncovered) expect(u.reason).toMatch(/\w{4,}/);
    expect(planRun({ operation: 'CreateModel', contractsDir: out, runId: 'abc123' }).cases.map((c) => c.id)).toEqual(
      expect.arrayContaining(['CreateModel.baseline', 'ModelName.required', 'ModelName.length.63', 'ModelName.length.64']),
    );
  });

  it('passes every case against a mock that serves it as imported, and leaves nothing behind', async () => {
    expect(await runAgainstMock('CreateModel', out, createModel)).toEqual({ notPassing: [], left: 0 });
  });

  it('fails the 64-character case against a mock that accepts 64 characters', async () => {
    const loose = structuredClone(createModel);
    loose.input.members!.ModelName!.length!.max = 64;
    expect((await runAgainstMock('CreateModel', out, loose)).notPassing).toEqual([['ModelName.length.64', 'failed']]);
  });
});

describe('a fresh clone', () => {
  it('needs nothing outside the repository: no source, test, script or contract names ../shared', () => {
    const offenders: string[] = [];
    const visit = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) visit(path);
        else if (
          /\.(ts|cjs|js|json|yml)$|^run$/.test(name) &&
          path !== __filename &&
          !name.startsWith('sagemaker-2017') &&
          readFileSync(path, 'utf8').includes('../shared')
        ) {
          offenders.push(relative(REPOSITORY_ROOT, path));
        }
      }
    };
    for (const dir of ['src', 'test', 'scripts', 'contracts', 'suites', 'bin', '.ci', '.github']) visit(join(REPOSITORY_ROOT, dir));
    expect(offenders).toEqual([]);
  });
});
