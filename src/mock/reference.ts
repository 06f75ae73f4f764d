import { loadOperations, loadService } from '../spec/load';
import { loadEdition } from '../spec/editions';
import { resolveRegion } from '../client/credentials';
import type { MockBehaviour } from './behaviour';
import { startMock, type MockOptions, type RunningMock } from './server';

/**
 * The reference mock for the contracts in this package: every operation with a spec in the chosen edition
 * (default: the default edition), validated as the spec says (or with the given behaviour, for faults).
 *
 * @example
 * const mock = await startReferenceMock();
 * try { ...point a client at mock.url... } finally { await mock.close(); }
 */
export function startReferenceMock(
  options: {
    behaviour?: MockBehaviour;
    port?: number;
    edition?: string;
    region?: string;
    errorTypeHeader?: boolean;
    onRequest?: MockOptions['onRequest'];
  } = {},
): Promise<RunningMock> {
  const { edition, region, ...rest } = options;
  // A regional endpoint, as AWS's are: by default the region a run would sign for (AWS_REGION, else us-east-1).
  return startMock({ service: loadService(), operations: loadOperations(loadEdition(edition).dir), region: region ?? resolveRegion(), ...rest });
}
