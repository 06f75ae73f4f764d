import type { MemberConstraints, OperationSpec } from './types';
import { clone, expand, type TemplateVars } from './values';

/**
 * One step down the input: a member name, `[]` for a list's item, `$key`/`$value` for a map's key or value.
 */
export interface PathStep {
  key: string;
  spec: MemberConstraints;
}

export const OMIT = Symbol('omit');
export type Value = unknown;

/** A member's name as AWS writes it in validation messages: `EndpointConfigName` → `endpointConfigName`. */
export function camelCase(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/**
 * One step further down a request, as AWS writes member paths in validation messages: a member in camelCase, a
 * list's item by its 1-based position and `.member` (a number here is the 0-based index), a map's `key` or `value`.
 */
export function awsPathStep(parent: string, step: string | number): string {
  const head = typeof step === 'number' ? `${step + 1}.member` : step === '$key' || step === '$value' ? step.slice(1) : camelCase(step);
  return parent ? `${parent}.${head}` : head;
}

/**
 * The last step of a member path in AWS's message form, as some emulators name a member in their messages:
 * `productionVariants.2.member.instanceType` → `instanceType`, `tags.1.member` → `member`.
 */
export function awsPathLeaf(at: string): string {
  return at.slice(at.lastIndexOf('.') + 1);
}

/** One step further down a case-id path: a member (`A.B`), a list's item (`A[]`), a map's `$key`/`$value` (`A.$key`). */
export function idStep(parent: string, step: string): string {
  return step === '[]' ? `${parent}[]` : parent ? `${parent}.${step}` : step;
}

/**
 * A case-id member path as the protocol writes it in validation messages: camelCase, list elements 1-based with
 * `.member.`: `ProductionVariants[].ModelName` → `productionVariants.1.member.modelName`.
 */
export function awsPath(idPath: string): string {
  return idPath
    .split('.')
    .map((token) => {
      const [name, ...items] = token.split('[]');
      const head = name!.startsWith('$') ? name!.slice(1) : camelCase(name!);
      return [head, ...items.map(() => '1.member')].join('.');
    })
    .join('.');
}

/**
 * One step further down a JSON value, as the judge names where a response differs: `productionVariants[0].modelName`
 * style (the third spelling of a path, beside the case id's `A[].B` and AWS's `a.1.member.b`).
 */
export function jsonPathStep(parent: string, key: string | number): string {
  return typeof key === 'number' ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key;
}

/** The steps of a JSON path (`A[0].B` → `A`, `0`, `B`). */
export function jsonPathKeys(path: string): string[] {
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean);
}

/** The case-id form of a path: `ProductionVariants[].ServerlessConfig.MemorySizeInMB`, `X[]`, `Env.$key`. */
export function idOf(path: readonly PathStep[]): string {
  return path.map((p, i) => (p.key === '[]' ? '[]' : i === 0 ? p.key : `.${p.key}`)).join('');
}

/** The steps of a case-id path through the operation's input; throws for a path the spec does not have. */
export function stepsOf(op: OperationSpec, id: string): PathStep[] {
  const steps: PathStep[] = [];
  let spec: MemberConstraints = op.input;
  for (const token of id.split('.')) {
    const [name, ...items] = token.split('[]');
    const child: MemberConstraints | undefined = name!.startsWith('$')
      ? name === '$key'
        ? spec.key
        : spec.value
      : spec.members && Object.hasOwn(spec.members, name!)
        ? spec.members[name!]
        : undefined;
    if (!child) throw new Error(`${op.operation}: the spec has no member ${id} (at ${name})`);
    steps.push({ key: name!, spec: child });
    spec = child;
    for (let i = 0; i < items.length; i++) {
      if (!spec.item) throw new Error(`${op.operation}: ${id}: ${name} is not a list`);
      steps.push({ key: '[]', spec: spec.item });
      spec = spec.item;
    }
  }
  return steps;
}

/** The spec of the member at a case-id path, or undefined for a path the spec does not have. */
export function specAt(op: OperationSpec, id: string): MemberConstraints | undefined {
  try {
    return stepsOf(op, id).at(-1)?.spec;
  } catch {
    return undefined;
  }
}

/** Whether the member at case-id path `id` is `prefix` or inside it (`A.B`, `A[]` and `A[].B` are inside `A`). */
export function isWithin(id: string, prefix: string): boolean {
  return id === prefix || id.startsWith(`${prefix}.`) || id.startsWith(`${prefix}[`);
}

/** The baseline a case under `id` starts from: the operation's, with the context of the longest matching prefix. */
export function baselineFor(op: OperationSpec, id: string, vars: TemplateVars): Record<string, unknown> {
  const prefix = Object.keys(op.contexts ?? {})
    .filter((p) => isWithin(id, p))
    .sort((a, b) => b.length - a.length)[0];
  const base = prefix ? { ...op.baseline, ...op.contexts![prefix] } : op.baseline;
  return expand(clone(base), vars);
}

function exampleOf(spec: MemberConstraints, vars: TemplateVars, fallback: unknown): unknown {
  return spec.example === undefined ? fallback : expand(clone(spec.example), vars);
}

/**
 * Sets (or, with OMIT, removes) the value at `path` in `request`, creating what leads to it from each member's
 * example: a structure that is not there yet becomes its valid example, a list gets its example element.
 */
export function setAt(request: Record<string, unknown>, path: readonly PathStep[], value: Value, vars: TemplateVars): void {
  let container: Record<string, unknown> | unknown[] = request;
  for (let index = 0; index < path.length; index++) {
    const step = path[index]!;
    const last = index === path.length - 1;
    const slot: string | number = step.key === '[]' ? 0 : step.key;
    const holder = container as Record<string | number, unknown>;
    if (step.key === '$key' || step.key === '$value') throw new Error('map keys and values are set through their map');
    const next = path[index + 1];
    if (last) {
      if (value === OMIT) {
        if (Array.isArray(container)) container.splice(0, 1);
        else delete holder[slot];
      } else holder[slot] = value;
      return;
    }
    if (next && (next.key === '$key' || next.key === '$value')) {
      const keyExample = String(exampleOf(step.spec.key!, { ...vars, i: 0 }, 'key'));
      const valueExample = exampleOf(step.spec.value!, vars, 'value');
      holder[slot] = next.key === '$key' ? { [String(value)]: valueExample } : { [keyExample]: value };
      return;
    }
    if (step.spec.type === 'list') {
      let list = holder[slot];
      if (!Array.isArray(list) || list.length === 0) {
        const own = step.spec.example;
        // Each element is its own template: `{i}` numbers it, so names in a list stay distinct.
        list =
          Array.isArray(own) && own.length > 0 ? own.map((el, i) => expand(clone(el), { ...vars, i })) : [exampleOf(step.spec.item!, { ...vars, i: 0 }, {})];
        holder[slot] = list;
      }
      container = list as unknown[];
      continue;
    }
    const current = holder[slot];
    if (typeof current !== 'object' || current === null || Array.isArray(current)) holder[slot] = exampleOf(step.spec, vars, {});
    container = holder[slot] as Record<string, unknown>;
  }
}

/** The value at `path` in a request, or undefined. */
export function getAt(request: unknown, path: readonly PathStep[]): unknown {
  let value: unknown = request;
  for (const step of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = step.key === '[]' ? (value as unknown[])[0] : (value as Record<string, unknown>)[step.key];
  }
  return value;
}

/** A value found at a rule's path (every element of a list along the way). */
export interface Found {
  value: unknown;
  /** The member path in AWS's message form: `productionVariants.1.member.serverlessConfig.memorySizeInMB`. */
  where: string;
  /** The 0-based list positions along the way (`[0]` for the first variant). */
  positions: number[];
}

/** Every value at a case-id path (`A[].B.C`), fanning out over list elements. */
export function valuesAt(request: Record<string, unknown>, id: string): Found[] {
  let frontier: Found[] = [{ value: request, where: '', positions: [] }];
  for (const token of id.split('.')) {
    const [name, ...items] = token.split('[]');
    const next: Found[] = [];
    for (const f of frontier) {
      if (f.value === null || typeof f.value !== 'object' || Array.isArray(f.value)) continue;
      const holder = f.value as Record<string, unknown>;
      const where = awsPathStep(f.where, name!);
      let found: Found[] = [{ value: holder[name!], where, positions: f.positions }];
      for (let i = 0; i < items.length; i++) {
        found = found.flatMap((x) =>
          Array.isArray(x.value) ? x.value.map((v, n) => ({ value: v, where: awsPathStep(x.where, n), positions: [...x.positions, n] })) : [],
        );
      }
      next.push(...found);
    }
    frontier = next;
  }
  return frontier.filter((f) => f.value !== undefined && f.value !== null);
}

/** The member at an AWS message path (`tags.1.member.key`), with its case-id path; undefined for a path the spec lacks. */
export function memberAtAwsPath(op: OperationSpec, at: string): { id: string; spec: MemberConstraints } | undefined {
  let spec: MemberConstraints = op.input;
  let id = '';
  const tokens = at.split('.');
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (spec.type === 'list' && spec.item && isPosition(token)) {
      if (tokens[i + 1] === 'member') i++;
      spec = spec.item;
      id = idStep(id, '[]');
      continue;
    }
    if (spec.type === 'map' && (token === 'key' || token === 'value')) {
      const part = token === 'key' ? spec.key : spec.value;
      if (!part) return undefined;
      spec = part;
      id = idStep(id, `$${token}`);
      continue;
    }
    const entry = Object.entries(spec.members ?? {}).find(([name]) => camelCase(name).toLowerCase() === token.toLowerCase());
    if (!entry) return undefined;
    id = idStep(id, entry[0]);
    spec = entry[1];
  }
  return { id, spec };
}

/** A 1-based list position as AWS writes it: digits only. */
function isPosition(token: string): boolean {
  return token.length > 0 && [...token].every((c) => c >= '0' && c <= '9');
}

/**
 * What holds the member at a case-id path (`A[].B.C`, the structure with `C`) at the given 0-based list positions,
 * one per `[]` on the way; undefined where the request has no such place.
 */
export function holderAt(request: Record<string, unknown>, id: string, positions: readonly number[]): Record<string, unknown> | undefined {
  let value: unknown = request;
  let holder: unknown;
  let n = 0;
  for (const token of id.split('.')) {
    const [name, ...items] = token.split('[]');
    holder = value;
    value = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[name!] : undefined;
    for (let i = 0; i < items.length; i++) {
      holder = value;
      value = Array.isArray(value) ? value[positions[n] ?? 0] : undefined;
      n++;
    }
  }
  return holder !== null && typeof holder === 'object' && !Array.isArray(holder) ? (holder as Record<string, unknown>) : undefined;
}

/**
 * Every member under `path` that has cases of its own, in the order the case table has them: structure members,
 * scalar list items (`X[]`; a structure item's members instead), a map's scalar keys and values (`X.$key`).
 */
export function eachMember(path: readonly PathStep[], spec: MemberConstraints, visit: (path: PathStep[]) => void): void {
  const enter = (child: PathStep[]) => {
    visit(child);
    eachMember(child, child.at(-1)!.spec, visit);
  };
  if (spec.type === 'list' && spec.item) {
    const itemPath = [...path, { key: '[]', spec: spec.item }];
    if (spec.item.type === 'structure') eachMember(itemPath, spec.item, visit);
    else enter(itemPath);
    return;
  }
  if (spec.type === 'map') {
    for (const key of ['$key', '$value'] as const) {
      const part = key === '$key' ? spec.key : spec.value;
      if (part && part.type !== 'structure') enter([...path, { key, spec: part }]);
    }
    return;
  }
  for (const [key, child] of Object.entries(spec.members ?? {})) enter([...path, { key, spec: child }]);
}
