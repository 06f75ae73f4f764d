import { loadOperations, loadService } from '../spec/load';
import type { MockBehaviour } from './behaviour';
import { startMock, type MockOptions, type RunningMock } from './server';

/**
 * The reference mock for the contracts in this package: every operation with a spec, validated as the spec says
 * (or with the given behaviour, for faults).
 *
 * @example
 * const mock = await startReferenceMock();
 * try { ...point a client at mock.url... } finally { await mock.close(); }
 */
export function startReferenceMock(options: { behaviour?: MockBehaviour; port?: number; onRequest?: MockOptions['onRequest'] } = {}): Promise<RunningMock> {
  return startMock({ service: loadService(), operations: loadOperations(), ...options });
}
