import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContractError, listOperations, loadBehaviours, loadOperation, loadService } from '../src/spec/load';
import { editionDir } from '../src/spec/editions';
import { errorBodySchema, toJsonSchema } from '../src/spec/schema';
import type { MemberConstraints } from '../src/spec/types';

function walk(spec: MemberConstraints, visit: (m: MemberConstraints, path: string) => void, path = ''): void {
  visit(spec, path);
  const children = spec.type === 'list' ? spec.item?.members : spec.members;
  for (const [k, m] of Object.entries(children ?? {})) walk(m, visit, path ? `${path}.${k}` : k);
}

describe('the CreateEndpointConfig contract', () => {
  const op = loadOperation('CreateEndpointConfig', editionDir('seed'));

  it('is one of the operations the suite serves', () => {
    expect(listOperations()).toContain('CreateEndpointConfig');
  });

  it('states the limits the spec states', () => {
    const members = op.input.members!;
    expect(members.EndpointConfigName!.length).toMatchObject({ max: 63 });
    expect(members.EndpointConfigName!.required).toBeDefined();
    expect(members.KmsKeyId!.length).toMatchObject({ max: 2048 });
    expect(members.KmsKeyId!.required).toBeUndefined();
    expect(members.ProductionVariants!.count).toMatchObject({ min: 1 });
    expect(members.Tags!.count).toMatchObject({ min: 0, max: 50 });
    expect(op.output.members!.EndpointConfigArn!.length).toMatchObject({ min: 20, max: 2048 });
  });

  it('quotes the spec in every clause', () => {
    const clauses: string[] = [];
    walk(op.input, (m) => {
      for (const c of [m.required, m.length?.clause, m.count?.clause, m.range?.clause, m.pattern?.clause, m.enum?.clause, m.references?.clause]) {
        if (c) clauses.push(`${c.source} ${c.text}`);
      }
    });
    expect(clauses.length).toBeGreaterThan(20);
    for (const clause of clauses) expect(clause).toMatch(/^(spec|facts)#\S.* \S/);
  });

  it('derives a request schema that accepts the baseline and rejects 51 tags', () => {
    const schema = toJsonSchema(op.input);
    expect(schema).toBeValidSchema();
    const baseline = {
      ...op.baseline,
      EndpointConfigName: 'a',
      ProductionVariants: [{ VariantName: 'v', ModelName: 'm', InitialInstanceCount: 1, InstanceType: 'ml.m5.large' }],
    };
    expect(baseline).toMatchSchema(schema);
    expect({ ...baseline, Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: '' })) }).not.toMatchSchema(schema);
  });

  it('derives a response schema that needs an ARN of 20 to 2048 characters', () => {
    const schema = toJsonSchema(op.output);
    expect({ EndpointConfigArn: 'arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/x' }).toMatchSchema(schema);
    expect({}).not.toMatchSchema(schema);
    expect({ EndpointConfigArn: 'arn:short' }).not.toMatchSchema(schema);
  });

  it('describes the awsJson1.1 error body: __type required, a message optional and non-empty when there', () => {
    expect(errorBodySchema).toBeValidSchema();
    expect({ __type: 'ValidationException', message: 'x' }).toMatchSchema(errorBodySchema);
    expect({ __type: 'SerializationException' }).toMatchSchema(errorBodySchema);
    expect({ Message: 'x' }).not.toMatchSchema(errorBodySchema);
    expect({ __type: 'ValidationException', message: '' }).not.toMatchSchema(errorBodySchema);
  });

  it('requires of an error body exactly what the observed file says real accounts send', () => {
    const observed = JSON.parse(readFileSync(join(editionDir('model'), 'observed', 'CreateEndpointConfig.json'), 'utf8')) as {
      errorBody: { required: string[]; source: { url: string } };
    };
    expect(errorBodySchema.required).toEqual(observed.errorBody.required);
    expect(observed.errorBody.source.url).toMatch(/^https:\/\//);
  });

  it('has behaviour cases and a service description with both resources', () => {
    expect(loadBehaviours('CreateEndpointConfig', editionDir('seed')).cases.map((c) => c.id)).toEqual(
      expect.arrayContaining(['behaviour.duplicate-name', 'behaviour.round-trip']),
    );
    expect(Object.keys(loadService().resources)).toEqual(['model', 'endpoint-config']);
  });
});

describe('loading a broken contract', () => {
  function contractsWith(operation: unknown): string {
    const dir = mkdtempSync(join(tmpdir(), 'contracts-'));
    mkdirSync(join(dir, 'operations'));
    writeFileSync(join(dir, 'operations', 'Broken.json'), typeof operation === 'string' ? operation : JSON.stringify(operation));
    return dir;
  }
  const valid = loadOperation('CreateEndpointConfig', editionDir('seed'));

  it('names the file and the problem for invalid JSON', () => {
    expect(() => loadOperation('Broken', contractsWith('{ nope'))).toThrow(/Broken\.json.*JSON/);
  });

  it('names the member whose clause is missing', () => {
    const broken = structuredClone(valid);
    delete (broken.input.members!.EndpointConfigName!.length as { clause?: unknown }).clause;
    expect(() => loadOperation('Broken', contractsWith(broken))).toThrow(ContractError);
    expect(() => loadOperation('Broken', contractsWith(broken))).toThrow(/input\.members\.EndpointConfigName\.length: must have required property 'clause'/);
  });

  it.each<[string, (op: typeof valid) => void, RegExp]>([
    ['a negative limit', (op) => (op.input.members!.EndpointConfigName!.length!.max = -1), /EndpointConfigName\.length\.max: must be >= 0/],
    [
      'a reversed limit',
      (op) => (op.input.members!.Tags!.count = { ...op.input.members!.Tags!.count!, min: 60, max: 50 }),
      /Tags\.count: min 60 is greater than max 50/,
    ],
    [
      'a max that is not a number',
      (op) => ((op.input.members!.KmsKeyId!.length as unknown as { max: string }).max = 'lots'),
      /KmsKeyId\.length\.max: must be integer/,
    ],
    [
      'an enum that is not a list',
      (op) => ((op.input.members!.ProductionVariants!.item!.members!.InstanceType!.enum as unknown as { values: string }).values = 'ml.m5.large'),
      /InstanceType\.enum\.values: must be array/,
    ],
    ['a limit no case could build a value of', (op) => (op.input.members!.KmsKeyId!.length!.max = 1e9), /KmsKeyId\.length\.max: must be <= 1048576/],
  ])('refuses %s in one line naming the file and the path, before any case is made', (_, breakIt, says) => {
    const broken = structuredClone(valid);
    breakIt(broken);
    let error: unknown;
    try {
      loadOperation('Broken', contractsWith(broken));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ContractError);
    expect((error as Error).message).toMatch(/Broken\.json: /);
    expect((error as Error).message).toMatch(says);
    expect((error as Error).message).not.toContain('\n');
  });

  it('rejects an unknown member type and a pattern that does not compile', () => {
    const badType = structuredClone(valid);
    (badType.input.members!.KmsKeyId as { type: string }).type = 'text';
    expect(() => loadOperation('Broken', contractsWith(badType))).toThrow(/KmsKeyId\.type: must be equal to one of the allowed values/);
    const badPattern = structuredClone(valid);
    badPattern.input.members!.EndpointConfigName!.pattern!.regex = '([a-z';
    expect(() => loadOperation('Broken', contractsWith(badPattern))).toThrow(/pattern/);
  });
});
