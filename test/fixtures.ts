import type { Exchange, RawResponse } from '../src/client/exchange';
import type { CaseContext } from '../src/cases/types';

/** A fixed run context: generated names and values are the same on every test run. */
export const FIXED_CONTEXT: CaseContext = {
  runId: 'k3x9q2',
  prefix: 'sc-',
  region: 'us-east-1',
  modelName: 'sc-k3x9q2-model-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
};

export const REQUEST_ID = '4c1a7d8e-2b3f-4a5b-9c6d-7e8f9a0b1c2d';

/** A raw response as a target could send it. */
export function response(status: number, body: unknown, headers: Record<string, string> = {}): RawResponse {
  return {
    status,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': REQUEST_ID, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

export function exchange(operation: string, raw: RawResponse | undefined, transportError?: string): Exchange {
  return { operation, requestBody: '{}', response: raw, transportError, attempts: 1, durationMs: 1 };
}

export const validationError = { __type: 'ValidationException', message: '1 validation error detected: Value at endpointConfigName failed' };
