/**
 * The operation is data: a second operation (CreateModel, from a test fixture) runs through the same generator,
 * engine, judge and mock with no code of its own, and its checks fail on a target that breaks them.
 */
import { join } from 'node:path';
import { Session, planRun } from '../src/engine/session';
import { startMock, type RunningMock } from '../src/mock/server';
import { loadOperation, loadService } from '../src/spec/load';

const contractsDir = join(__dirname, 'fixtures', 'second-operation');
const createModel = loadOperation('CreateModel', contractsDir);

async function runAll(mock: RunningMock): Promise<Record<string, string>> {
  const plan = planRun({ operation: 'CreateModel', contractsDir });
  const session = await Session.open(plan, { target: { kind: 'url', url: mock.url } });
  try {
    await session.setup();
    const results = await Promise.all(plan.cases.map((c) => session.runCase(c)));
    return Object.fromEntries(results.map((r) => [r.id, r.status]));
  } finally {
    await session.close();
  }
}

describe('a second operation given only as a spec file and a behaviour file', () => {
  it('generates its cases from the same rules', () => {
    const ids = planRun({ operation: 'CreateModel', contractsDir, runId: 'abc123' }).cases.map((c) => c.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'CreateModel.baseline',
        'ModelName.required',
        'ModelName.length.63',
        'ModelName.length.64',
        'ModelName.pattern.leading-hyphen',
        'behaviour.duplicate-name',
      ]),
    );
  });

  it('passes every case against a mock that serves it as specified, and leaves nothing behind', async () => {
    const mock = await startMock({ service: loadService(), operations: new Map([['CreateModel', createModel]]) });
    try {
      const statuses = await runAll(mock);
      expect(Object.entries(statuses).filter(([, s]) => s !== 'passed')).toEqual([]);
      expect(mock.store.count()).toBe(0);
    } finally {
      await mock.close();
    }
  });

  it('fails the 64-character case against a mock that accepts 64 characters', async () => {
    const loose = structuredClone(createModel);
    loose.input.members!.ModelName!.length!.max = 64;
    const mock = await startMock({ service: loadService(), operations: new Map([['CreateModel', loose]]) });
    try {
      const statuses = await runAll(mock);
      expect(Object.entries(statuses).filter(([, s]) => s !== 'passed')).toEqual([['ModelName.length.64', 'failed']]);
    } finally {
      await mock.close();
    }
  });
});
