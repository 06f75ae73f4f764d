import type { ServiceSpec } from '../spec/types';
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
 * Reads a state: "a[n] <resource> named <name> exists", or "a[n] <resource> exists" with `params.name`.
 * Other string params are template values for the create request (`model` picks the model an endpoint config uses).
 * Returns undefined for a state this suite does not know.
 */
export function parseState(service: ServiceSpec, state: ProviderState): ResourceState | undefined {
  const m = /^an? (.+?)(?: named (\S+))? exists$/i.exec(state.name.trim());
  if (!m) return undefined;
  const resource = resourcePhrases(service).get(m[1]!.toLowerCase());
  const params = Object.fromEntries(Object.entries(state.params ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
  const name = m[2] ?? params.name;
  if (!resource || !name) return undefined;
  return { resource, name, params };
}
