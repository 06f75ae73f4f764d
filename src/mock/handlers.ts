import type { OperationSpec, ResourceSpec, ServiceSpec } from '../spec/types';
import { withDefaults } from '../spec/rules';
import { specMeasures, validateInput, validationMessage } from '../spec/validate';
import { tagsIn } from '../client/tags';
import { ApiError } from './api-error';
import { arnOf } from './arn';
import type { MockBehaviour } from './behaviour';
import { ForgedTokenError, listPage, type ListPage } from './lifecycle';
import { knownMembers } from './members';
import type { ResourceStore } from './store';
import { tagHandlers } from './tagging';
import { requestValidator, validationError, type Validate } from './validation';

/** What the mock answers one operation with: the body of a success, or a thrown ApiError. */
export type Handler = (request: Record<string, unknown>, region: string) => Record<string, unknown>;

/** What the handlers of one mock share. */
export interface HandlerContext {
  service: ServiceSpec;
  operations: ReadonlyMap<string, OperationSpec>;
  store: ResourceStore;
  behaviour: MockBehaviour;
}

/** What the handlers of one resource type share. */
interface ResourceContext extends HandlerContext {
  type: string;
  resource: ResourceSpec;
  validate: Validate;
}

/** Handlers for every operation the service's resources name (create, describe, delete and list), and tagging. */
export function buildHandlers(context: HandlerContext): Map<string, Handler> {
  const handlers = new Map<string, Handler>();
  const validate = requestValidator(context);
  const creationTime = creationClock();
  for (const [type, resource] of Object.entries(context.service.resources)) {
    const own: ResourceContext = { ...context, type, resource, validate };
    handlers.set(resource.create, createHandler(own, creationTime));
    handlers.set(resource.describe, describeHandler(own));
    handlers.set(resource.delete, deleteHandler(own));
    handlers.set(resource.list.operation, listHandler(own));
  }
  const tagging = context.service.tagging;
  if (tagging) {
    for (const [operation, handler] of tagHandlers(context.service, tagging, context.store, (message) => validationError(context.behaviour, message))) {
      handlers.set(operation, handler);
    }
  }
  return handlers;
}

/** Creation times that strictly increase, so a listing by creation time has one order even for creates in one millisecond. */
function creationClock(): () => number {
  let lastCreation = 0;
  return () => {
    lastCreation = Math.max(Date.now() / 1000, Math.round((lastCreation + 0.001) * 1000) / 1000);
    return lastCreation;
  };
}

function createHandler(context: ResourceContext, creationTime: () => number): Handler {
  const { type, resource, store, behaviour, service } = context;
  return (request, region) => {
    context.validate(resource.create, request, region);
    const spec = context.operations.get(resource.create);
    // The spec's validation above rejects a missing name; only a fault gets here without one, and then the mock
    // names the resource as a lax server would ("None", as moto does) rather than enforcing it a second time.
    const sent = request[resource.nameMember];
    const name = typeof sent === 'string' ? sent : String(sent ?? 'None');
    const arn = arnOf(region, resource, name);
    if (behaviour.rejectDuplicates && store.get(type, name)) {
      throw validationError(behaviour, `Cannot create already existing ${resource.label} "${arn}".`);
    }
    const tags = service.tagging ? tagsIn(request[service.tagging.tagsMember]) : [];
    // What Describe returns: the members the operation has (others are ignored, as the protocol reads them), with defaults.
    const input = spec ? behaviour.operationSpec(spec).input : undefined;
    const stored = input ? (withDefaults(input, knownMembers(input, request)) as Record<string, unknown>) : request;
    store.put(type, { name, arn, request: structuredClone(behaviour.stored(stored, resource.create)), creationTime: creationTime(), tags });
    const returned = behaviour.arn(arn, name);
    return returned === undefined ? {} : { [resource.arnMember]: returned };
  };
}

function describeHandler(context: ResourceContext): Handler {
  const { type, resource, store } = context;
  return (request, region) => {
    validateUnlessStored(context, resource.describe, request, region);
    const name = nameIn(context, resource.describe, request);
    const found = store.get(type, name);
    if (!found) {
      if (context.behaviour.lifecycle.missingFound) return {};
      throw missing(context, region, name);
    }
    return { ...found.request, [resource.arnMember]: found.arn, CreationTime: found.creationTime };
  };
}

function deleteHandler(context: ResourceContext): Handler {
  const { type, resource, store } = context;
  const life = context.behaviour.lifecycle;
  return (request, region) => {
    validateUnlessStored(context, resource.delete, request, region);
    const name = nameIn(context, resource.delete, request);
    const exists = store.get(type, name) !== undefined;
    if (!exists) {
      if (life.missingFound) return {};
      throw missing(context, region, name);
    }
    if (!life.deleteKeeps) store.delete(type, name);
    return {};
  };
}

function listHandler(context: ResourceContext): Handler {
  const { type, resource, store, behaviour } = context;
  return (request, region) => {
    context.validate(resource.list.operation, request, region);
    let page: ListPage;
    try {
      page = listPage(store.list(type), request, behaviour.lifecycle);
    } catch (error) {
      if (error instanceof ForgedTokenError) throw validationError(behaviour, error.message);
      throw error;
    }
    const items = page.items.map((r) => ({ [resource.nameMember]: r.name, [resource.arnMember]: r.arn, CreationTime: r.creationTime }));
    return { [resource.list.member]: items, ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
  };
}

/** "ValidationException ... Could not find endpoint configuration", as the tools that describe and delete match it. */
function missing(context: ResourceContext, region: string, name: string): ApiError {
  const { resource, behaviour } = context;
  return new ApiError(behaviour.errorStatus, behaviour.lifecycle.notFoundCode, `Could not find ${resource.label} "${arnOf(region, resource, name)}".`);
}

/**
 * A name only a fault let in (one the spec itself rejects) can still be read and deleted, as a lax emulator
 * would, so the run's clean-up works on such a mock; every other request is checked first, as AWS does.
 */
function validateUnlessStored(context: ResourceContext, operation: string, request: Record<string, unknown>, region: string): void {
  const name = request[context.resource.nameMember];
  const spec = context.operations.get(operation);
  const letInByFault =
    typeof name === 'string' && context.store.get(context.type, name) && spec && validateInput(spec.input, request, specMeasures).kind !== 'ok';
  if (!letInByFault) context.validate(operation, request, region);
}

/**
 * The name a describe or delete asks for. With a spec, validation already rejected a missing name; only a fault
 * that loosened it gets here, and then the mock looks the name up as a lax server would ("None"). Without one, the
 * mock checks it itself.
 */
function nameIn(context: ResourceContext, operation: string, request: Record<string, unknown>): string {
  const { resource } = context;
  if (!context.operations.has(operation)) return requiredName(resource, request);
  const sent = request[resource.nameMember];
  return typeof sent === 'string' ? sent : String(sent ?? 'None');
}

/**
 * The name an operation without a spec is sent, which it must be sent: left out, it is refused as the validator
 * refuses a required member (its record, AWS's wording from spec/wording), at AWS's spelling of the member.
 */
function requiredName(resource: ResourceSpec, request: Record<string, unknown>): string {
  const name = request[resource.nameMember];
  if (typeof name === 'string') return name;
  const clause = { source: 'the resource declaration (contracts/service.json)', member: resource.nameMember, text: 'the name is required' };
  const result = validateInput({ type: 'structure', members: { [resource.nameMember]: { type: 'string', required: clause } } }, request, specMeasures);
  if (result.kind === 'invalid') throw new ApiError(400, 'ValidationException', validationMessage(result.violations));
  return String(name ?? 'None');
}
