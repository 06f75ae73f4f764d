/**
 * The operation is data: a second operation (CreateModel, from a test fixture) runs through the same generator,
 * engine, judge and mock with no code of its own, and its checks fail on a target that breaks them.
 */
import { join } from 'node:path';
import { planRun } from '../src/engine/session';
import { loadOperation } from '../src/spec/load';
import { runAgainstMock } from './helpers/second-operation';

const contractsDir = join(__dirname, 'fixtures', 'second-operation');
const createModel = loadOperation('CreateModel', contractsDir);

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
    expect(await runAgainstMock('CreateModel', contractsDir, createModel)).toEqual({ notPassing: [], left: 0 });
  });

  it('fails the 64-character case against a mock that accepts 64 characters', async () => {
    const loose = structuredClone(createModel);
    loose.input.members!.ModelName!.length!.max = 64;
    expect((await runAgainstMock('CreateModel', contractsDir, loose)).notPassing).toEqual([['ModelName.length.64', 'failed']]);
  });
});
