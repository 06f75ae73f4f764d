/**
 * Adding a kind of rule is one new module and a line in the registry: a toy kind (a string that must end with a
 * given text), registered the way the real kinds are, goes through the generator, the reference mock, the self-test's
 * faults and the conformance matrix with no other code.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MemberKind } from '../src/spec/kinds/kind';
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
import type { MemberSpec, OperationSpec } from '../src/spec/types';

/** Runs the cases about KmsKeyId against a mock serving `served`; returns those that did not pass, and every result. */
async function runKeyCases(served: OperationSpec): Promise<{ notPassing: [string, string][]; results: CaseResult[] }> {
  const mock = await startMock({ service: loadService(), operations: new Map([['CreateEndpointConfig', served]]) });
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

type WithEnding = MemberSpec & { endsWith?: { text: string; clause: MemberSpec['required'] & object } };

/** The toy kind's module: everything it is, in one place. */
const endsWith: MemberKind = {
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
  // A contract whose KmsKeyId must end with "key": the seed profile's operation with the toy kind's field added.
  dir = mkdtempSync(join(tmpdir(), 'sc-toy-kind-'));
  const op = JSON.parse(readFileSync(join(CONTRACTS_DIR, 'seed', 'operations', 'CreateEndpointConfig.json'), 'utf8')) as {
    input: { members: Record<string, WithEnding> };
    suppress?: Record<string, string>;
  };
  op.input.members.KmsKeyId!.endsWith = { text: 'key', clause: { source: 'spec#toy', member: 'KmsKeyId', text: 'The key id ends with "key".' } };
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
