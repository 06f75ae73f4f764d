import { planRun } from '../../src/engine/session';
import { openSession } from '../../src/runner/open-session';
import { startMock } from '../../src/mock/server';
import { loadService } from '../../src/spec/load';
import type { OperationSpec } from '../../src/spec/types';

/**
 * Runs every case of an operation given only as spec files (in `contractsDir`) against a mock serving `served`
 * (the spec as written, or one with a limit loosened), through the same engine as `run`. Returns the cases that
 * did not pass, with their status, and how many resources the mock still held after the run's clean-up.
 */
export async function runAgainstMock(
  operation: string,
  contractsDir: string,
  served: OperationSpec,
): Promise<{ notPassing: [string, string][]; left: number }> {
  const mock = await startMock({ service: loadService(), operations: new Map([[operation, served]]) });
  try {
    const plan = planRun({ operation, contractsDir });
    const session = await openSession(plan, { target: { kind: 'url', url: mock.url } });
    let notPassing: [string, string][];
    try {
      await session.setup();
      const results = await Promise.all(plan.cases.map((c) => session.runCase(c)));
      notPassing = results.filter((r) => r.status !== 'passed').map((r) => [r.id, r.status]);
    } finally {
      await session.close();
    }
    return { notPassing, left: mock.store.count() };
  } finally {
    await mock.close();
  }
}
