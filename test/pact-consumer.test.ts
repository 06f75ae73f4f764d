import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contractInteractions, contractPlan, CONTRACT_CASE_IDS, participants } from '../src/pact/contract';
import { consumerProblems, exerciseInteraction, newPact, pactFile, writeContracts } from '../src/pact/consumer';

const plan = contractPlan();
const interactions = contractInteractions(plan);
const byId = (id: string) => interactions.find((i) => i.caseId === id)!;

describe('the consumer contract (npm run pact)', () => {
  // The same code as `sagemaker-conformance pact`, one Jest test per interaction, into a folder of its own: a pact
  // file left by an earlier run (or written by a run beside this one) is merged into by Pact, never this test's input.
  const names = participants({}, {});
  const dir = mkdtempSync(join(tmpdir(), 'pact-consumer-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const pact = newPact(dir, names);

  test.each(interactions.map((i) => [i.description, i] as const))('%s', async (_, interaction) => {
    const outcome = await exerciseInteraction(pact, plan, interaction);
    expect(outcome.kind).toBe(interaction.expect.outcome === 'accept' ? 'accepted' : 'rejected');
  });

  // Whole, through `npm run pact`'s own function into a folder of its own, so it holds whatever order the tests run in.
  it('writes a V4 pact holding every interaction with its provider states', async () => {
    const whole = mkdtempSync(join(tmpdir(), 'pact-whole-'));
    const { file } = await writeContracts({ dir: whole, env: {} });
    const written = JSON.parse(readFileSync(file, 'utf8')) as {
      consumer: { name: string };
      provider: { name: string };
      metadata: { pactSpecification: { version: string } };
      interactions: { description: string; providerStates?: { name: string }[] }[];
    };
    expect(written.consumer.name).toBe('sagemaker-conformance');
    expect(written.provider.name).toBe('sagemaker');
    expect(written.metadata.pactSpecification.version).toBe('4.0');
    expect(written.interactions.map((i) => i.description.split(':')[0]).sort()).toEqual([...CONTRACT_CASE_IDS].sort());
    const duplicate = written.interactions.find((i) => i.description.startsWith('behaviour.duplicate-name'))!;
    expect(duplicate.providerStates?.map((s) => s.name)).toEqual([
      `a model named ${plan.ctx.modelName} exists`,
      expect.stringMatching(/^an endpoint config named sc-pact01-\d{3} exists$/),
    ]);
    const unknownModel = written.interactions.find((i) => i.description.startsWith('ProductionVariants[].ModelName.not-found'))!;
    expect(unknownModel.providerStates ?? []).toEqual([]);
    rmSync(whole, { recursive: true, force: true });
  });
});

describe('a matcher in a contract request body', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pact-matcher-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const baseline = byId('CreateEndpointConfig.baseline');

  it('accepts a different value that the matcher allows (the body is compared as JSON, not byte for byte)', async () => {
    const pact = newPact(dir, { consumer: 'matcher-ok', provider: 'sagemaker' });
    const outcome = await exerciseInteraction(pact, plan, baseline, { send: { ...baseline.request, EndpointConfigName: 'another-valid-name' } });
    expect(outcome.kind).toBe('accepted');
  });

  it('reports a value the matcher rejects as a mismatch', async () => {
    const pact = newPact(dir, { consumer: 'matcher-bad', provider: 'sagemaker' });
    await expect(exerciseInteraction(pact, plan, baseline, { send: { ...baseline.request, EndpointConfigName: '-not valid!' } })).rejects.toThrow(
      /EndpointConfigName/,
    );
    expect(existsSync(pactFile(dir, { consumer: 'matcher-bad', provider: 'sagemaker' }))).toBe(false);
  });
});

describe('consumerProblems', () => {
  it('flags a rejection where the consumer relies on an accepted call', () => {
    expect(consumerProblems(plan, byId('CreateEndpointConfig.baseline'), { kind: 'rejected', errorName: 'ValidationException', status: 400 })).toHaveLength(1);
  });

  it('flags an answer whose ARN is not of ARN shape', () => {
    expect(consumerProblems(plan, byId('CreateEndpointConfig.baseline'), { kind: 'accepted', body: { EndpointConfigArn: 'not-an-arn' } })).toEqual([
      expect.stringContaining('ARN shape'),
    ]);
  });

  it('flags the wrong error name and status for a rejection', () => {
    expect(consumerProblems(plan, byId('Tags.count.51'), { kind: 'rejected', errorName: 'ThrottlingException', status: 500 })).toHaveLength(2);
    expect(consumerProblems(plan, byId('Tags.count.51'), { kind: 'accepted', body: {} })).toHaveLength(1);
  });
});
