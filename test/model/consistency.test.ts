/**
 * Every shipped case tests what it claims, by the reference validator: an accept case's request is valid, a
 * constraint case's request breaks exactly its one rule, a rule case's request breaks only the documented rule.
 */
import { planRun } from '../../src/engine/session';
import { inconsistentCases, awsPath, memberPathOf } from '../../src/model/consistency';
import { ruleViolations } from '../../src/spec/rules';
import { EDITIONS } from '../../src/spec/editions';
import type { RuleSpec } from '../../src/spec/types';

describe.each(EDITIONS)('the %s edition', (spec) => {
  const plan = planRun({ edition: spec, runId: 'k3x9q2' });

  it('has no case whose request tests something other than what it claims', () => {
    expect([...inconsistentCases(plan.operation, plan.cases, new Set([plan.ctx.modelName]))]).toEqual([]);
  });

  it('names every case it leaves out with a reason, and generates none of them', () => {
    const ids = new Set(plan.cases.map((c) => c.id));
    for (const [id, reason] of Object.entries(plan.operation.suppress ?? {})) {
      expect(ids.has(id)).toBe(false);
      expect(reason.length).toBeGreaterThan(20);
    }
  });
});

describe('member paths in AWS form', () => {
  it.each([
    ['EndpointConfigName', 'endpointConfigName'],
    ['ProductionVariants[].ServerlessConfig.MemorySizeInMB', 'productionVariants.1.member.serverlessConfig.memorySizeInMB'],
    ['VpcConfig.Subnets[]', 'vpcConfig.subnets.1.member'],
  ])('writes %s as %s', (id, aws) => {
    expect(awsPath(id)).toBe(aws);
  });

  it('finds the member of a case in the case table, enum values with dots included', () => {
    const table = planRun({ runId: 'k3x9q2' }).cases;
    const of = (id: string) => memberPathOf(table.find((c) => c.id === id)!);
    expect(of('ProductionVariants[].InstanceType.enum.ml.g5.12xlarge')).toBe('ProductionVariants[].InstanceType');
    expect(of('Tags[].Key.required')).toBe('Tags[].Key');
  });
});

describe('the documented rules, as the reference mock checks them', () => {
  const clause = { source: 'model#x', member: 'x', text: 'x' };
  const variant = (serverless: Record<string, unknown>) => ({ ProductionVariants: [{ VariantName: 'a', ServerlessConfig: serverless }] });
  it.each<[string, RuleSpec, Record<string, unknown>, Record<string, unknown>]>([
    [
      'multiple-of',
      { id: 'r', clause, kind: 'multiple-of', path: 'ProductionVariants[].ServerlessConfig.MemorySizeInMB', factor: 1024, valid: 2048, invalid: 1111 },
      variant({ MemorySizeInMB: 2048 }),
      variant({ MemorySizeInMB: 1111 }),
    ],
    [
      'not-greater-than',
      { id: 'r', clause, kind: 'not-greater-than', path: 'ProductionVariants[].ServerlessConfig.ProvisionedConcurrency', sibling: 'MaxConcurrency' },
      variant({ MaxConcurrency: 5, ProvisionedConcurrency: 5 }),
      variant({ MaxConcurrency: 5, ProvisionedConcurrency: 6 }),
    ],
    ['exactly-one-of', { id: 'r', clause, kind: 'exactly-one-of', path: 'Shap', members: ['A', 'B'] }, { Shap: { A: 'x' } }, { Shap: { A: 'x', B: 'y' } }],
    [
      'unsupported',
      { id: 'r', clause, kind: 'unsupported', path: 'ProductionVariants[].AcceleratorType', value: 'ml.eia1.medium' },
      { ProductionVariants: [{}] },
      { ProductionVariants: [{ AcceleratorType: 'ml.eia1.medium' }] },
    ],
    ['unique', { id: 'r', clause, kind: 'unique', path: 'Tags', key: 'Key' }, { Tags: [{ Key: 'a' }, { Key: 'b' }] }, { Tags: [{ Key: 'a' }, { Key: 'a' }] }],
    [
      'must-contain',
      { id: 'r', clause, kind: 'must-contain', path: 'F', value: 'text', invalid: [['numerical']] },
      { F: ['numerical', 'text'] },
      { F: ['numerical'] },
    ],
    [
      'max-items-when',
      { id: 'r', clause, kind: 'max-items-when', path: 'ProductionVariants', max: 1, when: 'Shadow' },
      { ProductionVariants: [{}, {}] },
      { ProductionVariants: [{}, {}], Shadow: [{}] },
    ],
    [
      'forbidden-with',
      { id: 'r', clause, kind: 'forbidden-with', path: 'KmsKeyId', value: 'k', when: { path: 'ProductionVariants[].InstanceType', values: ['ml.m5d.large'] } },
      { KmsKeyId: 'k', ProductionVariants: [{ InstanceType: 'ml.m5.large' }] },
      { KmsKeyId: 'k', ProductionVariants: [{ InstanceType: 'ml.m5d.large' }] },
    ],
  ])('%s: keeps a request that follows it and names the member of one that breaks it', (_, rule, good, bad) => {
    expect(ruleViolations([rule], good)).toEqual([]);
    const broken = ruleViolations([rule], bad);
    expect(broken).toHaveLength(1);
    expect(broken[0]!.at.toLowerCase()).toContain(awsPath(rule.path.split('.')[0]!.replace('[]', '')).toLowerCase());
  });
});
