/**
 * Adding a kind of rule is one new module and a line in the registry: a toy kind (a string that must end with a
 * given text), registered the way the real kinds are, goes through the generator, the reference mock, the self-test's
 * faults (its combination fault too), the conformance matrix, explore's generation (the values that keep and break
 * it) and its oracle with no other code. A toy documented rule (memory in an even number of gigabytes), attached to a
 * shape in the overlay, reaches every path where that shape occurs, and goes through the same with no other code.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConstraintKind } from '../src/spec/kinds/kind';
import { clauseSchema } from '../src/spec/kinds/schema-parts';
import { registerMemberKind } from '../src/spec/kinds/registry';
import { CONTRACTS_DIR } from '../src/spec/contracts-dir';
import { loadOperation, loadService } from '../src/spec/load';
import { planRun } from '../src/engine/session';
import { openSession } from '../src/runner/open-session';
import { faultsFor } from '../src/mock/faults';
import { specBehaviour } from '../src/mock/behaviour';
import { startMock } from '../src/mock/server';
import { buildMatrix } from '../src/report/matrix';
import type { CaseResult } from '../src/report/results';
import type { MemberConstraints, OperationSpec } from '../src/spec/types';
import fc from 'fast-check';
import type { RuleKind } from '../src/spec/kinds/kind';
import { registerRuleKind } from '../src/spec/kinds/registry';
import { ruleViolation } from '../src/spec/kinds/kind';
import { valuesAt } from '../src/spec/member-path';
import { RequestArbitraries } from '../src/explore/arbitraries';
import { oracle } from '../src/explore/oracle';
import { CoverageTracker } from '../src/explore/coverage';
import { exploreTarget } from '../src/explore/explore';
import { importOperation } from '../src/model/import';
import { readObserved, readOverlay } from '../src/model/overlay';
import { readSmithyModel } from '../src/model/smithy';
import { editionDir } from '../src/spec/editions';
import { generateCases } from '../src/cases/generate';
import { applyRule, ruleViolations } from '../src/spec/rules';

/** Runs the cases about KmsKeyId against a mock serving `served`; returns those that did not pass, and every result. */
async function runKeyCases(served: OperationSpec, behaviour = specBehaviour): Promise<{ notPassing: [string, string][]; results: CaseResult[] }> {
  const mock = await startMock({ service: loadService(), operations: new Map([['CreateEndpointConfig', served]]), behaviour });
  try {
    const plan = planRun({ contractsDir: dir, runId: 'toy456' });
    const session = await openSession(plan, { target: { kind: 'url', url: mock.url } });
    try {
      await session.setup();
      const results = await Promise.all(plan.cases.filter((c) => c.facts.member === 'KmsKeyId').map((c) => session.runCase(c)));
      return { notPassing: results.filter((r) => r.status !== 'passed').map((r) => [r.id, r.status]), results };
    } finally {
      await session.close();
    }
  } finally {
    await mock.close();
  }
}

type WithEnding = MemberConstraints & { endsWith?: { text: string; clause: MemberConstraints['required'] & object } };

/** The toy kind's module: everything it is, in one place. */
const endsWith: ConstraintKind = {
  name: 'ends-with',
  column: 9,
  field: {
    name: 'endsWith',
    schema: { type: 'object', required: ['text', 'clause'], properties: { text: { type: 'string', minLength: 1 }, clause: clauseSchema } },
  },
  samples({ spec }) {
    const rule = (spec as WithEnding).endsWith;
    if (!rule) return [];
    const base = 'alias/toy-';
    return [
      { suffix: 'ends-with.kept', title: `ending with ${rule.text} is accepted`, clause: rule.clause, value: () => `${base}${rule.text}`, expect: 'accept' },
      { suffix: 'ends-with.missing', title: `not ending with ${rule.text} is rejected`, clause: rule.clause, value: () => `${base}other`, expect: 'violation' },
    ];
  },
  breaking: (spec) => ((spec as WithEnding).endsWith && spec.type === 'string' ? ['alias/toy-other'] : []),
  keeping: (spec) => ((spec as WithEnding).endsWith && spec.type === 'string' ? { values: ['alias/toy-other-key'] } : undefined),
  // Its check skipped in company: a request with tags (the table's cases of the kind have none).
  combinationFault: ({ id, spec }) =>
    (spec as WithEnding).endsWith
      ? {
          suffix: 'ends-with-ignored-with-tags',
          description: `${id} may end with anything when the request has tags`,
          combination: "the kind's cases change KmsKeyId of the baseline, which has no tags",
          overlooks: (request) => Array.isArray(request.Tags) && request.Tags.length > 0,
        }
      : undefined,
  check(spec, value) {
    const rule = (spec as WithEnding).endsWith;
    return rule && typeof value === 'string' && !value.endsWith(rule.text) ? [{ must: `end with ${rule.text}` }] : [];
  },
  clause: (spec) => (spec as WithEnding).endsWith?.clause,
  faults: (spec, path) =>
    (spec as WithEnding).endsWith
      ? [
          {
            suffix: 'ends-with-ignored',
            description: `${path} may end with anything`,
            change: (m) => delete (m as WithEnding).endsWith,
            noticedBy: ['ends-with.missing'],
          },
        ]
      : [],
};

let dir: string;

beforeAll(() => {
  registerMemberKind(endsWith);
  // A contract whose KmsKeyId must end with "key": the seed edition's operation with the toy kind's field added.
  dir = mkdtempSync(join(tmpdir(), 'sc-toy-kind-'));
  const op = JSON.parse(readFileSync(join(CONTRACTS_DIR, 'seed', 'operations', 'CreateEndpointConfig.json'), 'utf8')) as {
    input: { members: Record<string, WithEnding> };
    suppress?: Record<string, string>;
  };
  op.input.members.KmsKeyId!.endsWith = { text: 'key', clause: { source: 'spec#toy', member: 'KmsKeyId', text: 'The key id ends with "key".' } };
  // Its example keeps the new rule, as a contract's examples keep every rule of their member.
  (op.input.members.KmsKeyId as { example?: unknown }).example = 'alias/toy-key';
  // As a real contract would: a case whose value cannot keep the new rule is left out, with the reason.
  op.suppress = { ...op.suppress, 'KmsKeyId.length.2048': 'a key id padded to 2048 characters does not end with "key"' };
  for (const folder of ['operations', 'behaviours']) mkdirSync(join(dir, folder));
  writeFileSync(join(dir, 'operations', 'CreateEndpointConfig.json'), JSON.stringify(op));
  writeFileSync(join(dir, 'behaviours', 'CreateEndpointConfig.json'), readFileSync(join(CONTRACTS_DIR, 'seed', 'behaviours', 'CreateEndpointConfig.json')));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a toy kind of rule added as a module and a registry line', () => {
  it('makes its cases in the generator, with their facts', () => {
    const cases = planRun({ contractsDir: dir, runId: 'toy123' }).cases.filter((c) => c.kind === 'ends-with');
    expect(cases.map((c) => [c.id, c.facts.member])).toEqual([
      ['KmsKeyId.ends-with.kept', 'KmsKeyId'],
      ['KmsKeyId.ends-with.missing', 'KmsKeyId'],
    ]);
  });

  it('is enforced by the reference mock: every case passes against it', async () => {
    const { notPassing, results } = await runKeyCases(loadOperation('CreateEndpointConfig', dir));
    expect(notPassing).toEqual([]);
    expect(results.map((r) => r.id)).toEqual(expect.arrayContaining(['KmsKeyId.ends-with.kept', 'KmsKeyId.ends-with.missing']));
  });

  it('is broken by its own fault, which its reject case notices (the self-test)', async () => {
    const op = loadOperation('CreateEndpointConfig', dir);
    const fault = faultsFor([op], loadService())['KmsKeyId.ends-with-ignored'];
    expect(fault?.description).toBe('KmsKeyId may end with anything');
    const served = fault!.apply(specBehaviour).operationSpec(op);
    expect((await runKeyCases(served)).notPassing).toEqual([['KmsKeyId.ends-with.missing', 'failed']]);
  });

  it('gets a column of its own in the conformance matrix', async () => {
    const matrix = buildMatrix((await runKeyCases(loadOperation('CreateEndpointConfig', dir))).results);
    expect(matrix.kinds).toContain('ends-with');
    expect(matrix.cells['KmsKeyId']!['ends-with']).toMatchObject({ passed: 2, total: 2, worst: 'passed' });
  });
});

describe('the toy kind in explore', () => {
  it('is broken by the generator, named by the oracle with its clause, and counted by the coverage', () => {
    const op = loadOperation('CreateEndpointConfig', dir);
    const service = loadService();
    const requests = fc.sample(new RequestArbitraries(op, service, { region: 'us-east-1', validWeight: 2 }).request(), { seed: 3, numRuns: 300 });
    const coverage = new CoverageTracker(op);
    const faults = requests.flatMap((request) => {
      const verdict = oracle(op, request, new Map());
      coverage.record(request, verdict);
      return verdict.outcome === 'reject' ? verdict.faults.filter((f) => f.kind === 'ends-with') : [];
    });
    expect(faults.length).toBeGreaterThan(0);
    expect(faults[0]).toMatchObject({ at: 'kmsKeyId', member: 'KmsKeyId', clause: { source: 'spec#toy' } });
    // Among them the value the kind's own module gives explore to break it.
    expect(faults.filter((f) => f.message.includes("Value 'alias/toy-other' at 'kmsKeyId'")).length).toBeGreaterThan(0);
    expect(coverage.summary().neverBroken).not.toContain('KmsKeyId ends-with');
    // And the value it gives explore to keep it, which the oracle finds nothing wrong with.
    const kept = requests.filter((r) => r.KmsKeyId === 'alias/toy-other-key');
    expect(kept.length).toBeGreaterThan(0);
    for (const request of kept) {
      const verdict = oracle(op, request, new Map());
      expect(verdict.outcome === 'reject' ? verdict.faults.filter((f) => f.member === 'KmsKeyId') : []).toEqual([]);
    }
  });

  it('declares a fault only a combination reveals: the table passes against it, explore finds it', async () => {
    const op = loadOperation('CreateEndpointConfig', dir);
    const fault = faultsFor([op], loadService())['KmsKeyId.ends-with-ignored-with-tags']!;
    expect(fault.combination).toMatch(/no tags/);
    const behaviour = fault.apply(specBehaviour);
    expect((await runKeyCases(op, behaviour)).notPassing).toEqual([]);
    const mock = await startMock({ service: loadService(), operations: new Map([['CreateEndpointConfig', op]]), behaviour });
    try {
      const { report } = await exploreTarget({
        target: { kind: 'url', url: mock.url },
        contractsDir: dir,
        seed: 5,
        runId: 'toycmb',
        maxRequests: 600,
        maxFindings: 1,
      });
      const finding = report.explore!.findings[0];
      expect(finding?.why.map((w) => [w.member, w.kind])).toContainEqual(['KmsKeyId', 'ends-with']);
      expect((finding?.request.Tags as unknown[] | undefined)?.length).toBeGreaterThan(0);
    } finally {
      await mock.close();
    }
  }, 120000);

  it('finds the fault that ignores it, and nothing on the sound mock (fixed seed)', async () => {
    const op = loadOperation('CreateEndpointConfig', dir);
    const faulty = faultsFor([op], loadService())['KmsKeyId.ends-with-ignored']!.apply(specBehaviour).operationSpec(op);
    const explore = async (served: OperationSpec) => {
      const mock = await startMock({ service: loadService(), operations: new Map([['CreateEndpointConfig', served]]) });
      try {
        const { report } = await exploreTarget({
          target: { kind: 'url', url: mock.url },
          contractsDir: dir,
          seed: 5,
          runId: 'toyxpl',
          maxRequests: 400,
          maxFindings: 1,
        });
        return report.explore!.findings.map((f) => `${f.kind} ${f.why[0]?.member ?? ''} ${String(f.request.KmsKeyId)}`);
      } finally {
        await mock.close();
      }
    };
    expect(await explore(op)).toEqual([]);
    expect(await explore(faulty)).toEqual(['ends-with KmsKeyId alias/toy-other']);
  }, 120000);
});

/**
 * The toy rule's module: memory in an even number of gigabytes (a multiple of 2048 MB: an odd number of gigabytes
 * keeps the real 1 GB rule, so the toy rule alone breaks it), with its cases, its check and how explore keeps or
 * breaks it.
 */
const even: RuleKind = {
  kind: 'toy-even',
  namedBy: (rule) => [rule.path],
  samples: (_, { path }) => [
    { suffix: 'even', title: 'even is accepted', expect: 'accept', settings: () => [[path, 2048]] },
    { suffix: 'odd', title: 'odd is rejected', expect: 'rejected', settings: () => [[path, 3072]] },
  ],
  violations: (rule, request) =>
    valuesAt(request, rule.path)
      .filter((f) => typeof f.value === 'number' && f.value % 2048 !== 0)
      .map((f) => ruleViolation(f.value, f, 'Member must be an even number of gigabytes')),
  apply(rule, _request, decision, { name, holders }) {
    const places = holders(rule.path).filter((h) => typeof h[name] === 'number');
    if (decision === 'keep') for (const h of places) h[name] = Math.max(2048, Math.floor((h[name] as number) / 2048) * 2048);
    else if (places[0]) places[0][name] = 3072;
  },
  // Its check skipped in company: on any variant but the first (the rule's cases set the first).
  combinationFault: (rule) => ({
    suffix: `${rule.id}-first-item-only`,
    description: `the toy rule ${rule.id} holds on the first item only`,
    combination: "the rule's cases set the member in the first item of the baseline's list",
    overlooks: (_, v) => (v.positions[0] ?? 0) > 0,
  }),
};

describe('a toy documented rule attached to a shape', () => {
  const MODEL_DIR = editionDir('model');
  const model = readSmithyModel(join(MODEL_DIR, 'smithy', 'sagemaker-2017-07-24.json'));
  const overlay = readOverlay(join(MODEL_DIR, 'overlays', 'CreateEndpointConfig.json'), 'CreateEndpointConfig');
  const toy = {
    id: 'even-memory',
    kind: 'toy-even',
    clause: { shape: 'com.amazonaws.sagemaker#ProductionVariantServerlessConfig$MemorySizeInMB', quote: 'Valid values are in 1 GB increments' },
  };
  let op: OperationSpec;

  beforeAll(() => {
    registerRuleKind(even);
    op = importOperation(model, {
      operation: 'CreateEndpointConfig',
      overlay: { ...overlay, rules: [...(overlay.rules ?? []), toy] },
      service: loadService(),
      observed: readObserved(join(MODEL_DIR, 'observed', 'CreateEndpointConfig.json'), 'CreateEndpointConfig'),
      provenance: { repository: 'r', path: 'p', commit: 'c', sha256: 's', retrieved: 'd' } as never,
      edition: 'model',
    }).spec;
  });

  it('reaches the two paths where its shape occurs, with cases at each', () => {
    const rules = (op.rules ?? []).filter((r) => r.id === 'even-memory');
    expect(rules.map((r) => r.path)).toEqual([
      'ProductionVariants[].ServerlessConfig.MemorySizeInMB',
      'ShadowProductionVariants[].ServerlessConfig.MemorySizeInMB',
    ]);
    const ids = generateCases(op, { operation: op.operation, cases: [] }, { runId: 'toy789', prefix: 'sc-', region: 'us-east-1', modelName: 'm' })
      .map((c) => c.id)
      .filter((id) => id.includes('.even-memory.'));
    expect(ids).toEqual([
      'ProductionVariants[].ServerlessConfig.MemorySizeInMB.even-memory.even',
      'ProductionVariants[].ServerlessConfig.MemorySizeInMB.even-memory.odd',
      'ShadowProductionVariants[].ServerlessConfig.MemorySizeInMB.even-memory.even',
      'ShadowProductionVariants[].ServerlessConfig.MemorySizeInMB.even-memory.odd',
    ]);
  });

  it('is enforced by the validator and kept or broken by explore at either path', () => {
    const rules = (op.rules ?? []).filter((r) => r.id === 'even-memory');
    const variant = (memory: number) => ({ VariantName: 'v', ModelName: 'm', ServerlessConfig: { MemorySizeInMB: memory, MaxConcurrency: 5 } });
    const request = { EndpointConfigName: 'c', ProductionVariants: [variant(2048)], ShadowProductionVariants: [variant(3073)] };
    expect(ruleViolations(rules, request).map((v) => [v.rule, v.at])).toEqual([
      ['even-memory', 'shadowProductionVariants.1.member.serverlessConfig.memorySizeInMB'],
    ]);
    const vars = { name: 'n', Name: 'N', NAME: 'N', digits: '1', model: 'm', region: 'us-east-1', i: 0 };
    applyRule(op, request, rules[1]!, 'keep', vars);
    expect(ruleViolations(rules, request)).toEqual([]);
    applyRule(op, request, rules[0]!, 'break', vars);
    expect(ruleViolations(rules, request).map((v) => v.member)).toEqual(['ProductionVariants[].ServerlessConfig.MemorySizeInMB']);
    const verdict = oracle(op, request, new Map([['model', new Set(['m'])]]));
    expect(verdict.outcome === 'reject' ? verdict.faults.map((f) => f.rule) : []).toContain('even-memory');
  });

  describe('run from a contract holding it', () => {
    let ruleDir: string;
    const service = loadService();
    /** The rule's cases against a mock serving `served`: the ids that did not pass, and every result. */
    async function runRuleCases(served = op): Promise<{ notPassing: [string, string][]; results: CaseResult[] }> {
      const mock = await startMock({ service, operations: new Map([[op.operation, served]]) });
      try {
        const plan = planRun({ contractsDir: ruleDir, runId: 'toyrul' });
        const session = await openSession(plan, { target: { kind: 'url', url: mock.url } });
        try {
          await session.setup();
          const results = await Promise.all(plan.cases.filter((c) => c.facts.rule === 'even-memory').map((c) => session.runCase(c)));
          return { notPassing: results.filter((r) => r.status !== 'passed').map((r) => [r.id, r.status]), results };
        } finally {
          await session.close();
        }
      } finally {
        await mock.close();
      }
    }

    beforeAll(() => {
      ruleDir = mkdtempSync(join(tmpdir(), 'sc-toy-rule-'));
      for (const folder of ['operations', 'behaviours']) mkdirSync(join(ruleDir, folder));
      writeFileSync(join(ruleDir, 'operations', 'CreateEndpointConfig.json'), JSON.stringify(op));
      writeFileSync(join(ruleDir, 'behaviours', 'CreateEndpointConfig.json'), readFileSync(join(MODEL_DIR, 'behaviours', 'CreateEndpointConfig.json')));
    });
    afterAll(() => rmSync(ruleDir, { recursive: true, force: true }));

    it('is enforced by the reference mock at both paths, and has its cells in the matrix', async () => {
      const { notPassing, results } = await runRuleCases();
      expect(notPassing).toEqual([]);
      expect(results).toHaveLength(4);
      const matrix = buildMatrix(results);
      for (const path of ['ProductionVariants[].ServerlessConfig.MemorySizeInMB', 'ShadowProductionVariants[].ServerlessConfig.MemorySizeInMB'])
        expect(matrix.cells[path]!['rule']).toMatchObject({ passed: 2, total: 2 });
    });

    it('declares a fault only a combination reveals, once for the two paths: the table passes against it', async () => {
      const combination = Object.entries(faultsFor([op], service)).filter(([name]) => name.includes('even-memory-first-item-only'));
      expect(combination.map(([name, fault]) => [name, fault.combination])).toEqual([
        ['ProductionVariants[].ServerlessConfig.MemorySizeInMB.even-memory-first-item-only', expect.stringMatching(/first item/)],
      ]);
      const mock = await startMock({ service, operations: new Map([[op.operation, op]]), behaviour: combination[0]![1].apply(specBehaviour) });
      try {
        const plan = planRun({ contractsDir: ruleDir, runId: 'toycmr' });
        const session = await openSession(plan, { target: { kind: 'url', url: mock.url } });
        try {
          await session.setup();
          const results = await Promise.all(plan.cases.filter((c) => c.facts.rule === 'even-memory').map((c) => session.runCase(c)));
          expect(results.map((r) => r.status)).toEqual(['passed', 'passed', 'passed', 'passed']);
        } finally {
          await session.close();
        }
      } finally {
        await mock.close();
      }
    });

    it("is broken at each path by its own fault, which that path's reject case notices (the self-test)", async () => {
      for (const path of ['ProductionVariants[].ServerlessConfig.MemorySizeInMB', 'ShadowProductionVariants[].ServerlessConfig.MemorySizeInMB']) {
        const fault = faultsFor([op], service)[`${path}.even-memory-ignored`];
        const served = fault!.apply(specBehaviour).operationSpec(op);
        expect((await runRuleCases(served)).notPassing).toEqual([[`${path}.even-memory.odd`, 'failed']]);
      }
    });

    it('is kept by explore against the sound mock, and broken where its fault ignores it (fixed seed)', async () => {
      const explore = async (served: OperationSpec, maxRequests: number) => {
        const mock = await startMock({ service, operations: new Map([[op.operation, served]]) });
        try {
          const { report } = await exploreTarget({
            target: { kind: 'url', url: mock.url },
            contractsDir: ruleDir,
            seed: 5,
            runId: 'toyrxp',
            maxRequests,
            maxFindings: 1,
          });
          return report.explore!.findings.flatMap((f) => f.why.map((w) => `${w.kind} ${w.member}`));
        } finally {
          await mock.close();
        }
      };
      expect(await explore(op, 300)).toEqual([]);
      const path = 'ProductionVariants[].ServerlessConfig.MemorySizeInMB';
      expect(await explore(faultsFor([op], service)[`${path}.even-memory-ignored`]!.apply(specBehaviour).operationSpec(op), 2000)).toContain(`rule ${path}`);
    }, 120000);
  });
});
