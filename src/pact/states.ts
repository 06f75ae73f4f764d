import type { ServiceSpec } from '../spec/types';
import { resolve } from 'node:path';
import { BadInputError } from '../errors';

/** A provider state as a pact holds it: its text and optional parameters. */
export interface ProviderState {
  name: string;
  params?: Record<string, unknown>;
}

/** A state this suite knows how to bring about: "a <resource> named <name> exists". */
export interface ResourceState {
  /** Key of the resource in contracts/service.json (`model`, `endpoint-config`). */
  resource: string;
  name: string;
  /** Extra template values for the create request, from the state's parameters (e.g. `model`). */
  params: Record<string, string>;
}

export class UnknownStateError extends BadInputError {
  override name = 'UnknownStateError';
}

/** The phrases that name a resource in a state: its key with spaces (`endpoint config`) and its label (`endpoint configuration`). */
export function resourcePhrases(service: ServiceSpec): Map<string, string> {
  const phrases = new Map<string, string>();
  for (const [key, resource] of Object.entries(service.resources)) {
    phrases.set(key.replace(/-/g, ' ').toLowerCase(), key);
    phrases.set(resource.label.toLowerCase(), key);
  }
  return phrases;
}

function article(phrase: string): string {
  return /^[aeiou]/i.test(phrase) ? 'an' : 'a';
}

/** The state text for a resource: `a model named X exists`, `an endpoint config named X exists`. */
export function stateText(resource: string, name: string): ProviderState {
  const phrase = resource.replace(/-/g, ' ');
  return { name: `${article(phrase)} ${phrase} named ${name} exists`, params: { name } };
}

/** Every state text form this suite accepts, for error messages and the README. */
export function supportedStates(service: ServiceSpec): string[] {
  return Object.keys(service.resources).map(
    (key) => `${stateText(key, 'NAME').name} (or "${article(key)} ${key.replace(/-/g, ' ')} exists" with params {"name": "NAME"})`,
  );
}

/**
 * Reads a state: "a[n] <resource> named <name> exists", or "a[n] <resource> exists" with `params.name`. The name may
 * be quoted ("team-a-model" or 'team-a-model'); the quotes are not part of it. `params.name`, when given, takes
 * precedence over the name in the text (Pact's own advice: parameters carry the values, the text says the intent).
 * Other string params are template values for the create request (`model` picks the model an endpoint config uses).
 * Returns undefined for a state this suite does not know.
 */
export function parseState(service: ServiceSpec, state: ProviderState): ResourceState | undefined {
  const m = /^an? (.+?)(?: named (?:"([^"]+)"|'([^']+)'|(\S+)))? exists$/i.exec(state.name.trim());
  if (!m) return undefined;
  const resource = resourcePhrases(service).get(m[1]!.toLowerCase());
  const params = Object.fromEntries(Object.entries(state.params ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
  const name = params.name ?? m[2] ?? m[3] ?? m[4];
  if (!resource || !name) return undefined;
  return { resource, name, params };
}

/** What a team's own state handler gets besides the state's parameters. */
export interface StateContext {
  /** The signing region of the run. */
  region: string;
  /** The target's base URL. */
  targetUrl: string;
  /** Sends one call to the target through the run's session (signed; what it creates is deleted after the interaction). */
  send(operation: string, body: Record<string, unknown>): Promise<{ status: number; body: unknown }>;
}

/** A state's set-up: returns the values a pact may use through `fromProviderState` (or nothing). */
export type StateFunction = (params: Record<string, unknown>, context: StateContext) => unknown;

/** A team's own provider state handler, as in pact-js: a set-up function, or `{ setup, teardown }`. */
export type CustomStateHandler = StateFunction | { setup?: StateFunction; teardown?: StateFunction };

/**
 * Reads a module of provider state handlers (`--states FILE`): its `stateHandlers` export, or its default export,
 * an object from state text to handler. TypeScript modules load too (the CLI runs under tsx).
 *
 * @example
 * // states.ts
 * export const stateHandlers = {
 *   'the account has a KMS key': {
 *     setup: async (_params, { region }) => ({ keyArn: `arn:aws:kms:${region}:123456789012:key/abc` }),
 *     teardown: async () => undefined,
 *   },
 * };
 */
export function loadStateHandlers(path: string): Map<string, CustomStateHandler> {
  const file = resolve(path);
  let mod: { stateHandlers?: unknown; default?: unknown };
  try {
    mod = require(file) as typeof mod;
  } catch (error) {
    throw new BadInputError(`--states ${path}: could not load it: ${(error as Error).message.split('\n')[0]}`);
  }
  const handlers = mod.stateHandlers ?? (mod.default as { stateHandlers?: unknown } | undefined)?.stateHandlers ?? mod.default;
  if (typeof handlers !== 'object' || handlers === null) throw new BadInputError(`--states ${path}: export \`stateHandlers\` (state text -> handler)`);
  const map = new Map<string, CustomStateHandler>();
  for (const [name, handler] of Object.entries(handlers)) {
    const ok =
      typeof handler === 'function' ||
      (typeof handler === 'object' && handler !== null && ['setup', 'teardown'].some((k) => typeof (handler as Record<string, unknown>)[k] === 'function'));
    if (!ok) throw new BadInputError(`--states ${path}: the handler for "${name}" is neither a function nor { setup, teardown }`);
    map.set(name, handler as CustomStateHandler);
  }
  return map;
}
