import { generateCases } from '../src/cases/generate';
import { codePointLength } from '../src/spec/values';
import { loadBehaviours, loadOperation } from '../src/spec/load';
import { editionDir } from '../src/spec/editions';
import type { ConformanceCase } from '../src/cases/types';
import { FIXED_CONTEXT } from './fixtures';

// The seed edition's table (the 2017 page): its named cases and values are fixed; test/model-profile.test.ts covers the model's.
const SEED = editionDir('seed');
const op = loadOperation('CreateEndpointConfig', SEED);
const cases = generateCases(op, loadBehaviours('CreateEndpointConfig', SEED), FIXED_CONTEXT);
const byId = new Map(cases.map((c) => [c.id, c]));
const NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/;

function only(id: string): ConformanceCase {
  const c = byId.get(id);
  if (!c) throw new Error(`no case ${id}; ids: ${[...byId.keys()].join(', ')}`);
  return c;
}
type Json = Record<string, unknown>;
const requestOf = (id: string) => only(id).steps[0]!.request;
const variantOf = (id: string) => (requestOf(id).ProductionVariants as Json[])[0]!;
const outcomeOf = (id: string) => only(id).steps[0]!.expect;

describe('the generated case table', () => {
  it.each([
    ['EndpointConfigName.length.63', 'accept'],
    ['EndpointConfigName.length.64', 'reject'],
    ['ProductionVariants.count.0', 'reject'],
    ['Tags.count.50', 'accept'],
    ['Tags.count.51', 'reject'],
    ['KmsKeyId.length.2048', 'accept'],
    ['KmsKeyId.length.2049', 'reject'],
  ])('has %s, expected to %s', (id, outcome) => {
    expect(outcomeOf(id).outcome).toBe(outcome);
  });

  it('expects HTTP 400 ValidationException for every constraint rejection', () => {
    for (const c of cases.filter((x) => x.kind !== 'type' && x.kind !== 'behaviour')) {
      const expect_ = c.steps[0]!.expect;
      if (expect_.outcome === 'reject') expect(expect_).toMatchObject({ status: 400, errorCodes: ['ValidationException'] });
    }
  });

  it('makes names of exactly 63 and 64 characters that start with the run prefix', () => {
    const at = requestOf('EndpointConfigName.length.63').EndpointConfigName as string;
    const past = requestOf('EndpointConfigName.length.64').EndpointConfigName as string;
    expect(at).toHaveLength(63);
    expect(past).toHaveLength(64);
    expect(at).toMatch(NAME_PATTERN);
    expect(at.startsWith(`sc-${FIXED_CONTEXT.runId}-`)).toBe(true);
  });

  it('sends an empty ProductionVariants list for count.0', () => {
    expect(requestOf('ProductionVariants.count.0').ProductionVariants).toEqual([]);
  });

  it('sends 50 and 51 tags with distinct keys', () => {
    for (const [id, n] of [
      ['Tags.count.50', 50],
      ['Tags.count.51', 51],
    ] as const) {
      const tags = requestOf(id).Tags as { Key: string }[];
      expect(tags).toHaveLength(n);
      expect(new Set(tags.map((t) => t.Key)).size).toBe(n);
    }
  });

  it('pads a real KMS key ARN to 2048 and 2049 characters with allowed characters only', () => {
    for (const [id, n] of [
      ['KmsKeyId.length.2048', 2048],
      ['KmsKeyId.length.2049', 2049],
    ] as const) {
      const key = requestOf(id).KmsKeyId as string;
      expect(key).toHaveLength(n);
      expect(key).toMatch(/^arn:aws:kms:us-east-1:123456789012:key\/[0-9a-f-]{36}/);
      expect(key).toMatch(/^[a-zA-Z0-9:/_-]*$/);
    }
  });

  it('counts tag key lengths in code points, with astral letters of two UTF-16 units each', () => {
    const key = (requestOf('Tags[].Key.length.128.astral').Tags as { Key: string }[])[0]!.Key;
    expect(codePointLength(key)).toBe(128);
    expect(key.length).toBe(256);
    expect(key).toMatch(/^\p{L}+$/u);
  });

  it('leaves out exactly the member a required case names', () => {
    expect(requestOf('EndpointConfigName.required')).not.toHaveProperty('EndpointConfigName');
    expect(requestOf('EndpointConfigName.required')).toHaveProperty('ProductionVariants');
    const variant = (requestOf('ProductionVariants[].ModelName.required').ProductionVariants as object[])[0];
    expect(variant).not.toHaveProperty('ModelName');
    expect(variant).toHaveProperty('VariantName');
    expect((requestOf('Tags[].Key.required').Tags as object[])[0]).toEqual({ Value: 'ml-platform' });
  });

  it('breaks the name pattern with a leading hyphen, a trailing hyphen and an illegal character', () => {
    expect(requestOf('EndpointConfigName.pattern.leading-hyphen').EndpointConfigName).toMatch(/^-/);
    expect(requestOf('EndpointConfigName.pattern.trailing-hyphen').EndpointConfigName).toMatch(/-$/);
    expect(requestOf('EndpointConfigName.pattern.illegal-character').EndpointConfigName).toContain('_');
    for (const id of [
      'EndpointConfigName.pattern.leading-hyphen',
      'EndpointConfigName.pattern.trailing-hyphen',
      'EndpointConfigName.pattern.illegal-character',
    ]) {
      expect(requestOf(id).EndpointConfigName).not.toMatch(NAME_PATTERN);
      expect(outcomeOf(id).outcome).toBe('reject');
    }
  });

  it('accepts pattern-valid edge values such as a double hyphen', () => {
    const name = requestOf('EndpointConfigName.pattern.double-hyphen').EndpointConfigName as string;
    expect(name).toContain('--');
    expect(name).toMatch(NAME_PATTERN);
    expect(outcomeOf('EndpointConfigName.pattern.double-hyphen').outcome).toBe('accept');
  });

  it('sends wrong JSON types as written', () => {
    expect(requestOf('EndpointConfigName.type.number').EndpointConfigName).toBe(12345);
    expect(variantOf('ProductionVariants[].InitialInstanceCount.type.string').InitialInstanceCount).toBe('1');
    expect(outcomeOf('Tags.type.object')).toMatchObject({ outcome: 'reject', errorCodes: ['SerializationException', 'ValidationException'] });
  });

  it('names a model that does not exist for the not-found case, and expects the documented message', () => {
    const variant = variantOf('ProductionVariants[].ModelName.not-found');
    expect(variant.ModelName).not.toBe(FIXED_CONTEXT.modelName);
    expect(outcomeOf('ProductionVariants[].ModelName.not-found')).toMatchObject({ messageIncludes: ['Could not find model'] });
  });

  it('builds multi-step behaviour cases from the behaviour file', () => {
    const duplicate = only('behaviour.duplicate-name');
    expect(duplicate.steps.map((s) => s.expect.outcome)).toEqual(['accept', 'reject']);
    expect(duplicate.steps[0]!.request).toEqual(duplicate.steps[1]!.request);
    const roundTrip = only('behaviour.round-trip');
    expect(roundTrip.steps.map((s) => s.operation)).toEqual(['CreateEndpointConfig', 'DescribeEndpointConfig']);
    expect(roundTrip.steps[1]!.request).toEqual({ EndpointConfigName: roundTrip.steps[0]!.request.EndpointConfigName });
  });

  it('gives every case a unique id and a clause, and every accepted create its own name', () => {
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    for (const c of cases) expect(c.clause.text.length).toBeGreaterThan(5);
    const created = cases.filter((c) => c.steps[0]!.expect.outcome === 'accept').map((c) => String(c.steps[0]!.request.EndpointConfigName).toLowerCase());
    expect(new Set(created).size).toBe(created.length);
  });

  it('generates the same ids and requests for the same context', () => {
    const again = generateCases(op, loadBehaviours('CreateEndpointConfig', SEED), FIXED_CONTEXT);
    expect(again).toEqual(cases);
  });

  it('leaves out the 63-character ModelName case when the model name is not 63 characters', () => {
    const short = generateCases(op, loadBehaviours('CreateEndpointConfig', SEED), { ...FIXED_CONTEXT, modelName: 'my-model' });
    expect(short.map((c) => c.id)).not.toContain('ProductionVariants[].ModelName.length.63');
    expect(byId.has('ProductionVariants[].ModelName.length.63')).toBe(true);
  });
});
