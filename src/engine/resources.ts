import { readFileSync } from 'node:fs';
import { readInputJson } from '../io/input-file';
import { join } from 'node:path';
import type { ConformanceCase } from '../cases/types';
import { BadInputError } from '../errors';
import { CONTRACTS_DIR } from '../spec/contracts-dir';

/** How a placeholder is made from the real value the run is given. */
type Derive = 'whole' | 'last-segment' | 's3-https';

export interface ResourceDef {
  what: string;
  example: string;
  placeholders: { value: string; derive: Derive }[];
}

/** Real account resources a run is given, by name (`kms-key` → its ARN). */
export type GivenResources = Record<string, string>;

export class ResourcesError extends BadInputError {
  override name = 'ResourcesError';
}

let cached: Record<string, ResourceDef> | undefined;

/** The resources accept cases may name, and the placeholders that stand for each (`contracts/resources.json`). */
export function resourceDefs(): Record<string, ResourceDef> {
  cached ??= (JSON.parse(readFileSync(join(CONTRACTS_DIR, 'resources.json'), 'utf8')) as { resources: Record<string, ResourceDef> }).resources;
  return cached;
}

function derived(value: string, derive: Derive): string {
  if (derive === 'last-segment') return value.split('/').at(-1)!;
  if (derive === 's3-https') {
    const [bucket, ...prefix] = value.replace(/^s3:\/\//, '').split('/');
    return `https://${bucket}.s3.amazonaws.com${prefix.length > 0 ? `/${prefix.join('/')}` : ''}`;
  }
  return value;
}

/** Placeholders filled in for the run's region, longest first (a key id is part of the key's ARN). */
function placeholders(region: string): { resource: string; value: string; derive: Derive }[] {
  return Object.entries(resourceDefs())
    .flatMap(([resource, def]) => def.placeholders.map((p) => ({ resource, value: p.value.replace(/\{region\}/g, region), derive: p.derive })))
    .sort((a, b) => b.value.length - a.value.length);
}

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
  return out;
}

/**
 * The resources a case needs to mean anything on a real account: those named by a request of a step that expects
 * acceptance. A rejection for a broken member is expected whether or not the resources beside it exist.
 */
export function resourcesNeeded(c: ConformanceCase, region: string): string[] {
  const texts = c.steps.filter((s) => s.expect.outcome === 'accept').flatMap((s) => strings(s.request));
  const found = new Set<string>();
  for (const p of placeholders(region)) if (texts.some((t) => t.includes(p.value))) found.add(p.resource);
  return [...found].sort();
}

/**
 * A string with each placeholder of a given resource replaced. A length case's value (`keepLength` code points)
 * keeps its length: the padding after the placeholder (its last character) absorbs the change.
 */
function substitute(text: string, given: GivenResources, region: string, keepLength?: number): string {
  let out = text;
  const length = [...text].length;
  for (const p of placeholders(region)) {
    const real = given[p.resource];
    if (real === undefined || !out.includes(p.value)) continue;
    out = out.split(p.value).join(derived(real, p.derive));
  }
  return out !== text && keepLength === length ? fit(out, length, [...text].at(-1)!) : out;
}

function fit(value: string, length: number, fill: string): string {
  const points = [...value];
  return points.length >= length ? points.slice(0, length).join('') : value + fill.repeat(length - points.length);
}

function substituteAll<T>(value: T, given: GivenResources, region: string, keepLength?: number): T {
  if (typeof value === 'string') return substitute(value, given, region, keepLength) as T;
  if (Array.isArray(value)) return value.map((v) => substituteAll(v, given, region, keepLength)) as T;
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteAll(v, given, region, keepLength)])) as T;
  return value;
}

/** The case with every placeholder of a resource the run was given replaced by the real one (raw bodies included). */
export function withResources(c: ConformanceCase, given: GivenResources, region: string): ConformanceCase {
  if (Object.keys(given).length === 0) return c;
  // A length case keeps the length it sends (its bound's), even where a given resource's name is longer or shorter.
  const keep = c.kind === 'length' ? c.facts.bound?.sent : undefined;
  return {
    ...c,
    steps: c.steps.map((s) => ({
      ...s,
      request: substituteAll(s.request, given, region, keep),
      ...(s.raw ? { raw: { ...s.raw, body: substitute(s.raw.body, given, region) } } : {}),
    })),
  };
}

/**
 * Reads `--resources FILE` (a JSON object, resource name → value) and `--resource NAME=VALUE` flags (which win):
 * an unknown name, or a value that is not a string, is bad input.
 */
export function readGivenResources(file: string | undefined, pairs: readonly string[]): GivenResources {
  const defs = resourceDefs();
  const given: GivenResources = {};
  const put = (name: string, value: unknown, where: string) => {
    if (name.startsWith('$')) return;
    // Own names only: `toString` or `__proto__` is an unknown resource, not Object's.
    if (!Object.hasOwn(defs, name)) throw new ResourcesError(`${where}: unknown resource "${name}"; known: ${Object.keys(defs).join(', ')}`);
    if (typeof value !== 'string' || value.length === 0)
      throw new ResourcesError(`${where}: resource "${name}" needs a non-empty string (e.g. ${defs[name]!.example})`);
    given[name] = value.replace(/\/+$/, '');
  };
  if (file !== undefined) {
    let data: unknown;
    try {
      data = readInputJson(file); // a regular file, within the size and depth limits (src/io/input-file.ts)
    } catch (error) {
      throw new ResourcesError(`--resources ${file}: not a readable JSON file: ${(error as Error).message}`);
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data))
      throw new ResourcesError(`--resources ${file}: must be a JSON object, resource name → value`);
    for (const [name, value] of Object.entries(data)) put(name, value, `--resources ${file}`);
  }
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new ResourcesError(`--resource ${pair}: give NAME=VALUE, e.g. kms-key=${resourceDefs()['kms-key']!.example}`);
    put(pair.slice(0, eq), pair.slice(eq + 1), `--resource ${pair}`);
  }
  return given;
}

/** The line a report gives a case that was not run for want of resources. */
export function notRunReason(missing: readonly string[]): string {
  const defs = resourceDefs();
  return `not run against AWS: needs ${missing.map((m) => `${m} (${defs[m]?.what ?? m})`).join(', ')}; give it with --resources FILE or --resource ${missing[0]}=VALUE`;
}
