import { performance } from 'node:perf_hooks';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OperationSpec, ServiceSpec } from '../spec/types';
import { DUMMY_CREDENTIALS } from '../client/credentials';
import { ApiError } from './api-error';
import { sendError, sendHtml500, sendJson, type AnswerStyle } from './answer';
import { specBehaviour, type MockBehaviour } from './behaviour';
import { buildHandlers, type Handler } from './handlers';
import { ResourceStore } from './store';
import { authenticate, operationOf, parseRequest, readAll } from './wire';

export interface MockOptions {
  service: ServiceSpec;
  /** Specs of the operations the mock validates; other create calls are accepted as they come. */
  operations: ReadonlyMap<string, OperationSpec>;
  behaviour?: MockBehaviour;
  /** Port on 127.0.0.1; 0 picks a free one. */
  port?: number;
  /**
   * The region the mock is the endpoint of: a signature scoped to another is refused, as a regional AWS endpoint
   * refuses it. Without one the mock answers every region (and names each ARN after the region signed for).
   */
  region?: string;
  /**
   * Also name each error's code in an x-amzn-ErrorType header. Off by default: SageMaker's raw error captures carry
   * none, so a client that reads only the header is one the mock should not let pass.
   */
  errorTypeHeader?: boolean;
  /** Called once per request when its answer is sent (`mock --log`). */
  onRequest?: (entry: RequestLogEntry) => void;
}

/** One request as `mock --log` prints it. */
export interface RequestLogEntry {
  method: string;
  path: string;
  /** The operation from X-Amz-Target, or '' when there was none. */
  operation: string;
  status: number;
  ms: number;
}

/** The one account whose key the mock knows, and so checks signatures of; requests signed with other keys are taken as they come. */
export const MOCK_CREDENTIALS = DUMMY_CREDENTIALS;

export interface RunningMock {
  url: string;
  port: number;
  store: ResourceStore;
  close(): Promise<void>;
}

/**
 * Starts the reference mock: SageMaker's awsJson1.1 protocol on 127.0.0.1, validating every operation that has
 * a spec in contracts/ exactly as the spec says.
 *
 * @example
 * const mock = await startMock({ service: loadService(), operations: loadOperations() }); // or startReferenceMock()
 * // ... point a client at mock.url ...
 * await mock.close();
 */
export async function startMock(options: MockOptions): Promise<RunningMock> {
  const behaviour = options.behaviour ?? specBehaviour;
  const store = new ResourceStore();
  const handlers = buildHandlers({ service: options.service, operations: options.operations, store, behaviour });
  const style: AnswerStyle = {
    behaviour,
    contentType: behaviour.contentType ?? options.service.contentType,
    errorTypeHeader: options.errorTypeHeader === true,
  };
  const mock: MockState = { options, behaviour, store, handlers, style };
  const server = createServer((req, res) => {
    if (options.onRequest) logWhenSent(req, res, options.onRequest);
    answer(mock, req, res).catch((error: unknown) => {
      if (error instanceof ApiError) return sendError(res, style, error);
      sendError(res, style, new ApiError(500, 'InternalFailure', (error as Error).message));
    });
  });
  const port = await listen(server, options.port ?? 0);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    store,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** What one running mock answers from. */
interface MockState {
  options: MockOptions;
  behaviour: MockBehaviour;
  store: ResourceStore;
  handlers: ReadonlyMap<string, Handler>;
  style: AnswerStyle;
}

/** One request answered: the test hooks, then the protocol's checks in AWS's order, then the operation's handler. */
async function answer(mock: MockState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { options, behaviour, style } = mock;
  const text = await readAll(req);
  if (answerTestHook(mock, req, res)) return;
  if (req.method !== 'POST') throw new ApiError(404, 'UnknownOperationException', `${req.method} is not supported; send POST /`);
  const amzTarget = String(req.headers['x-amz-target'] ?? '');
  const operation = operationOf(amzTarget, options.service.targetPrefix, mock.handlers, behaviour.protocol);
  if (!operation) {
    if (behaviour.protocol.unknownOperationHtml500) return sendHtml500(res);
    throw new ApiError(400, 'UnknownOperationException', `Unknown operation ${JSON.stringify(amzTarget)}`);
  }
  const region = await authenticate(req, text, { region: options.region, credentials: MOCK_CREDENTIALS }, behaviour.protocol);
  const request = parseRequest(req, text, behaviour.protocol);
  sendJson(res, style, behaviour.successStatus(operation), mock.handlers.get(operation)!(request, region));
}

/** The mock's own routes for tests: POST /mock-api/reset empties the store, GET /mock-api/state counts it. */
function answerTestHook(mock: MockState, req: IncomingMessage, res: ServerResponse): boolean {
  if (req.url === '/mock-api/reset' && req.method === 'POST') {
    mock.store.clear();
    sendJson(res, mock.style, 200, {});
    return true;
  }
  if (req.url === '/mock-api/state' && req.method === 'GET') {
    sendJson(res, mock.style, 200, { resources: mock.store.count() });
    return true;
  }
  return false;
}

/** Reports the request to `onRequest` once its answer is sent (`mock --log`). */
function logWhenSent(req: IncomingMessage, res: ServerResponse, onRequest: (entry: RequestLogEntry) => void): void {
  const started = performance.now();
  res.once('finish', () =>
    onRequest({
      method: req.method ?? '',
      path: req.url ?? '',
      operation: String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '',
      status: res.statusCode,
      ms: Math.round((performance.now() - started) * 10) / 10,
    }),
  );
}

/** Listens on 127.0.0.1 (port 0 picks a free one); the port it got. */
async function listen(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}
