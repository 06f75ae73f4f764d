import { performance } from 'node:perf_hooks';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { OperationSpec, ResourceSpec, ServiceSpec, TaggingSpec } from '../spec/types';
import { specBehaviour, type MockBehaviour } from './behaviour';
import { ResourceStore } from './store';
import { referencesIn, specMeasures, validateInput, validationMessage, type Violation } from '../spec/validate';
import { ruleViolations, withDefaults } from '../spec/rules';
import { awsPathLeaf } from '../spec/member-path';
import { knownMembers, nullsAsNone, withoutNulls } from './members';
import { parseAuthorization, signatureMatches } from './auth';
import { DUMMY_CREDENTIALS } from '../client/credentials';
import { tagsIn } from '../client/tags';
import { ForgedTokenError, listPage, type ListPage } from './lifecycle';

const ACCOUNT = '123456789012';

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

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Handler = (request: Record<string, unknown>, region: string) => Record<string, unknown>;

function arnOf(region: string, resource: ResourceSpec, name: string): string {
  return `arn:aws:sagemaker:${region}:${ACCOUNT}:${resource.arnType}/${name.toLowerCase()}`;
}

function nameOf(resource: ResourceSpec, request: Record<string, unknown>): string {
  const name = request[resource.nameMember];
  if (typeof name !== 'string')
    throw new ApiError(
      400,
      'ValidationException',
      validationMessage([
        { at: resource.nameMember, member: resource.nameMember, positions: [], kind: 'required', value: undefined, constraint: 'Member must not be null' },
      ]),
    );
  return name;
}

/** Handlers for every operation the service's resources name: create, describe, delete and list. */
function buildHandlers(options: MockOptions, store: ResourceStore, behaviour: MockBehaviour): Map<string, Handler> {
  const handlers = new Map<string, Handler>();
  const validationError = (message: string) => new ApiError(behaviour.errorStatus, behaviour.validationErrorCode, message);
  // A fault may write member paths the way some emulators do: the last segment only (`instanceType`).
  const pathsAsWritten = (violations: Violation[]) =>
    behaviour.protocol.lastSegmentPaths ? violations.map((v) => ({ ...v, at: awsPathLeaf(v.at) })) : violations;

  /**
   * Checks a request of any operation with a spec, as the spec says: JSON types, constraints, documented rules,
   * unknown members (a fault), and that every resource it names exists.
   */
  const validate = (operation: string, request: Record<string, unknown>, region: string): void => {
    const spec = options.operations.get(operation);
    if (!spec) return;
    const effective = behaviour.operationSpec(spec);
    const input = effective.input;
    const measures = behaviour.protocol.unboundedIntegers ? { ...behaviour.measures, boundedIntegers: false } : behaviour.measures;
    const result = validateInput(input, request, measures);
    if (result.kind === 'type-error' && behaviour.rejectTypeErrors) throw new ApiError(400, 'SerializationException', result.message);
    const violations = result.kind === 'invalid' ? result.violations.filter((v) => !behaviour.overlooks(request, v)) : [];
    if (violations.length > 0) throw validationError(validationMessage(pathsAsWritten(violations)));
    const valid = result.kind === 'ok' || (result.kind === 'invalid' && violations.length === 0);
    const broken = valid ? ruleViolations(effective.rules ?? [], request).filter((v) => !behaviour.overlooks(request, v)) : [];
    if (broken.length > 0) throw validationError(validationMessage(pathsAsWritten(broken)));
    const unknown = behaviour.protocol.rejectUnknownMembers ? Object.keys(request).filter((k) => !Object.hasOwn(input.members ?? {}, k)) : [];
    if (unknown.length > 0) throw new ApiError(400, 'SerializationException', `Unknown member ${unknown[0]!}`);
    if (behaviour.rejectUnknownReferences) {
      for (const ref of referencesIn(input, request)) {
        const target = options.service.resources[ref.resource];
        if (target && !store.get(ref.resource, ref.name)) {
          throw validationError(`Could not find ${target.label} "${arnOf(region, target, ref.name)}".`);
        }
      }
    }
  };
  const life = behaviour.lifecycle;
  // Creation times strictly increase, so a listing by creation time has one order even for creates in one millisecond.
  let lastCreation = 0;
  const creationTime = () => {
    lastCreation = Math.max(Date.now() / 1000, Math.round((lastCreation + 0.001) * 1000) / 1000);
    return lastCreation;
  };

  for (const [type, resource] of Object.entries(options.service.resources)) {
    // "ValidationException ... Could not find endpoint configuration", as the tools that describe and delete match it.
    const missing = (region: string, name: string) =>
      new ApiError(behaviour.errorStatus, life.notFoundCode, `Could not find ${resource.label} "${arnOf(region, resource, name)}".`);

    handlers.set(resource.create, (request, region) => {
      validate(resource.create, request, region);
      const spec = options.operations.get(resource.create);
      // The spec's validation above rejects a missing name; only a fault gets here without one, and then the mock
      // names the resource as a lax server would ("None", as moto does) rather than enforcing it a second time.
      const sent = request[resource.nameMember];
      const name = typeof sent === 'string' ? sent : String(sent ?? 'None');
      const arn = arnOf(region, resource, name);
      if (behaviour.rejectDuplicates && store.get(type, name)) {
        throw validationError(`Cannot create already existing ${resource.label} "${arn}".`);
      }
      const tags = options.service.tagging ? tagsIn(request[options.service.tagging.tagsMember]) : [];
      // What Describe returns: the members the operation has (others are ignored, as the protocol reads them), with defaults.
      const input = spec ? behaviour.operationSpec(spec).input : undefined;
      const stored = input ? (withDefaults(input, knownMembers(input, request)) as Record<string, unknown>) : request;
      store.put(type, { name, arn, request: structuredClone(behaviour.stored(stored, resource.create)), creationTime: creationTime(), tags });
      const returned = behaviour.arn(arn, name);
      return returned === undefined ? {} : { [resource.arnMember]: returned };
    });

    // A name only a fault let in (one the spec itself rejects) can still be read and deleted, as a lax emulator
    // would, so the run's clean-up works on such a mock; every other request is checked first, as AWS does.
    const validateUnlessStored = (operation: string, request: Record<string, unknown>, region: string) => {
      const name = request[resource.nameMember];
      const spec = options.operations.get(operation);
      const letInByFault = typeof name === 'string' && store.get(type, name) && spec && validateInput(spec.input, request, specMeasures).kind !== 'ok';
      if (!letInByFault) validate(operation, request, region);
    };

    // With a spec, validation above already rejected a missing name; only a fault that loosened it gets here, and
    // then the mock looks the name up as a lax server would ("None"). Without one, the mock checks it itself.
    const nameIn = (operation: string, request: Record<string, unknown>) => {
      if (!options.operations.has(operation)) return nameOf(resource, request);
      const sent = request[resource.nameMember];
      return typeof sent === 'string' ? sent : String(sent ?? 'None');
    };

    handlers.set(resource.describe, (request, region) => {
      validateUnlessStored(resource.describe, request, region);
      const name = nameIn(resource.describe, request);
      const found = store.get(type, name);
      if (!found) {
        if (life.missingFound) return {};
        throw missing(region, name);
      }
      return { ...found.request, [resource.arnMember]: found.arn, CreationTime: found.creationTime };
    });

    handlers.set(resource.delete, (request, region) => {
      validateUnlessStored(resource.delete, request, region);
      const name = nameIn(resource.delete, request);
      const exists = store.get(type, name) !== undefined;
      if (!exists) {
        if (life.missingFound) return {};
        throw missing(region, name);
      }
      if (!life.deleteKeeps) store.delete(type, name);
      return {};
    });

    handlers.set(resource.list.operation, (request, region) => {
      validate(resource.list.operation, request, region);
      let page: ListPage;
      try {
        page = listPage(store.list(type), request, life);
      } catch (error) {
        if (error instanceof ForgedTokenError) throw validationError(error.message);
        throw error;
      }
      const items = page.items.map((r) => ({ [resource.nameMember]: r.name, [resource.arnMember]: r.arn, CreationTime: r.creationTime }));
      return { [resource.list.member]: items, ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
    });
  }
  const tagging = options.service.tagging;
  if (tagging) addTagHandlers(handlers, options.service, tagging, store, validationError);
  return handlers;
}

/** AddTags and ListTags by ARN, for every resource type: enough for the run's labels and the sweeper. */
function addTagHandlers(
  handlers: Map<string, Handler>,
  service: ServiceSpec,
  tagging: TaggingSpec,
  store: ResourceStore,
  validationError: (message: string) => ApiError,
): void {
  const resourceAt = (request: Record<string, unknown>) => {
    const arn = request[tagging.arnMember];
    const match = typeof arn === 'string' ? new RegExp(service.arnPattern).exec(arn) : null;
    const type = match ? Object.keys(service.resources).find((t) => service.resources[t]!.arnType === match[4]) : undefined;
    const found = type && match ? store.get(type, match[5]!) : undefined;
    if (!found) throw validationError(`Could not find resource ${JSON.stringify(arn ?? null)}.`);
    return found;
  };
  handlers.set(tagging.add, (request) => {
    const found = resourceAt(request);
    const adding = tagsIn(request[tagging.tagsMember]);
    const merged = new Map((found.tags ?? []).map((t) => [t.Key, t]));
    for (const tag of adding) merged.set(tag.Key, tag);
    if (merged.size > tagging.maxTags) throw validationError(`Tags would exceed the maximum of ${tagging.maxTags} per resource.`);
    found.tags = [...merged.values()];
    return { [tagging.tagsMember]: adding };
  });
  handlers.set(tagging.list, (request) => ({ [tagging.tagsMember]: resourceAt(request).tags ?? [] }));
}

async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
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
  const handlers = buildHandlers(options, store, behaviour);
  const contentType = behaviour.contentType ?? options.service.contentType;

  const send = (res: ServerResponse, status: number, body: Record<string, unknown>, extra: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    const headers: Record<string, string | number> = { 'content-type': contentType, 'content-length': Buffer.byteLength(text), ...extra };
    if (behaviour.sendRequestId) headers['x-amzn-RequestId'] = randomUUID();
    res.writeHead(status, headers).end(text);
  };
  const sendError = (res: ServerResponse, error: ApiError) => {
    const body: Record<string, unknown> = {};
    const headers: Record<string, string> = {};
    if (behaviour.sendErrorCode) {
      if (behaviour.errorTypeInBody) body.__type = error.code;
      if (options.errorTypeHeader || !behaviour.errorTypeInBody)
        headers['x-amzn-ErrorType'] = `${error.code}:http://internal.amazon.com/coral/com.amazonaws.sagemaker/`;
    }
    if (behaviour.sendErrorMessage) body.message = error.message;
    send(res, error.status, body, headers);
  };

  const wire = behaviour.protocol;
  const sendHtml500 = (res: ServerResponse) => {
    const page = '<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n';
    res.writeHead(500, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(page) }).end(page);
  };

  /** The operation X-Amz-Target names: `<service>.<Operation>`, matched exactly (shape names are case-sensitive). */
  const operationOf = (target: string): string | undefined => {
    const [prefix, operation] = target.split('.');
    if (!prefix || !operation) return undefined;
    if (wire.targetCaseInsensitive) {
      if (prefix.toLowerCase() !== options.service.targetPrefix.toLowerCase()) return undefined;
      return [...handlers.keys()].find((name) => name.toLowerCase() === operation.toLowerCase());
    }
    return prefix === options.service.targetPrefix && handlers.has(operation) ? operation : undefined;
  };

  /** SigV4 as a regional endpoint reads it: a signature there, for this region, made with the key's secret. */
  const authenticate = async (req: IncomingMessage, text: string): Promise<string> => {
    const header = req.headers.authorization;
    const auth = parseAuthorization(header);
    if (!header) {
      if (wire.requireSignature) throw new ApiError(wire.unsignedStatus, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
      return options.region ?? 'us-east-1';
    }
    if (!auth) throw new ApiError(400, 'IncompleteSignatureException', 'Authorization header requires Credential, SignedHeaders and Signature');
    if (wire.checkRegion && options.region && auth.region !== options.region) {
      throw new ApiError(403, 'InvalidSignatureException', `Credential should be scoped to a valid region, not '${auth.region}'.`);
    }
    if (wire.verifySignatures && auth.accessKeyId === MOCK_CREDENTIALS.accessKeyId) {
      const ok = await signatureMatches(auth, MOCK_CREDENTIALS, { method: req.method ?? 'POST', path: req.url ?? '/', headers: req.headers, body: text });
      if (!ok) {
        throw new ApiError(
          403,
          'InvalidSignatureException',
          'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
        );
      }
    }
    return auth.region;
  };

  /** The body as the protocol reads it: a JSON object, whose null members are absent. */
  const parseRequest = (req: IncomingMessage, text: string): Record<string, unknown> => {
    const contentType = String(req.headers['content-type'] ?? '');
    if (wire.rejectContentTypeParameters && contentType.includes(';')) {
      throw new ApiError(415, 'UnsupportedMediaTypeException', `Unsupported media type ${JSON.stringify(contentType)}`);
    }
    let request: unknown;
    try {
      request = text.trim() === '' ? {} : JSON.parse(text);
    } catch {
      throw new ApiError(400, 'SerializationException', 'Request body is not valid JSON');
    }
    if (typeof request !== 'object' || request === null || Array.isArray(request)) {
      if (wire.nonObjectBodyAsEmpty) return {};
      throw new ApiError(400, 'SerializationException', 'Request body must be a JSON object');
    }
    return wire.nullAsNone ? (nullsAsNone(request) as Record<string, unknown>) : (withoutNulls(request) as Record<string, unknown>);
  };

  const server: Server = createServer((req, res) => {
    if (options.onRequest) {
      const started = performance.now();
      res.once('finish', () =>
        options.onRequest!({
          method: req.method ?? '',
          path: req.url ?? '',
          operation: String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '',
          status: res.statusCode,
          ms: Math.round((performance.now() - started) * 10) / 10,
        }),
      );
    }
    void (async () => {
      const text = await readAll(req);
      if (req.url === '/mock-api/reset' && req.method === 'POST') {
        store.clear();
        return send(res, 200, {});
      }
      if (req.url === '/mock-api/state' && req.method === 'GET') return send(res, 200, { resources: store.count() });
      if (req.method !== 'POST') throw new ApiError(404, 'UnknownOperationException', `${req.method} is not supported; send POST /`);
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = operationOf(target);
      if (!operation) {
        if (wire.unknownOperationHtml500) return sendHtml500(res);
        throw new ApiError(400, 'UnknownOperationException', `Unknown operation ${JSON.stringify(target)}`);
      }
      const region = await authenticate(req, text);
      const request = parseRequest(req, text);
      send(res, behaviour.successStatus(operation), handlers.get(operation)!(request, region));
    })().catch((error: unknown) => {
      if (error instanceof ApiError) return sendError(res, error);
      sendError(res, new ApiError(500, 'InternalFailure', (error as Error).message));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
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
