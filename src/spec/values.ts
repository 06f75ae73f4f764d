/** Names a case may use, all derived from the run id and the case's sequence number so runs never collide. */
export interface CaseNames {
  name: string;
  Name: string;
  NAME: string;
  digits: string;
}

export function caseNames(ctx: { prefix: string; runId: string }, seq: number): CaseNames {
  const suffix = seq.toString().padStart(3, '0');
  const name = `${ctx.prefix}${ctx.runId}-${suffix}`;
  const Name = name.charAt(0).toUpperCase() + name.slice(1, ctx.prefix.length) + ctx.runId.toUpperCase() + `-${suffix}`;
  const digits = `${Number.parseInt(ctx.runId, 36)}${suffix}`;
  return { name, Name, NAME: name.toUpperCase(), digits };
}

export interface TemplateVars extends CaseNames {
  model: string;
  region: string;
  i?: number;
  /** Set-up requests only: the role and image of the run's own model. */
  executionRoleArn?: string;
  image?: string;
}

/** `{name}`, or `{name@64}`: the run's name padded with `x` to 64 code points (a generated request at a name's limit). */
const PLACEHOLDER = /\{(name|Name|NAME|digits|model|region|i|executionRoleArn|image)(?:@(\d+))?\}/g;

export function expandString(template: string, vars: TemplateVars): string {
  return template.replace(PLACEHOLDER, (_, key: keyof TemplateVars, width: string | undefined) => {
    const value = String(vars[key] ?? '');
    return width === undefined ? value : fitLength(value, Math.max(Number(width), codePointLength(value)), 'x');
  });
}

/** Fills every placeholder in a JSON value. */
export function expand<T>(value: T, vars: TemplateVars): T {
  if (typeof value === 'string') return expandString(value, vars) as T;
  if (Array.isArray(value)) return value.map((v) => expand(v, vars)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expand(v, vars)])) as T;
  }
  return value;
}

/** A string of exactly `length` code points: the value, padded with `fill` or cut. */
export function fitLength(value: string, length: number, fill: string): string {
  const points = [...value];
  if (points.length >= length) return points.slice(0, length).join('');
  return value + fill.repeat(length - points.length);
}

export function codePointLength(value: string): number {
  return [...value].length;
}

/** A deep copy of a JSON value (plain data only: a hand-written walk is several times faster than structuredClone here). */
export function clone<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clone) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = clone(v);
    return out as T;
  }
  return value;
}

/** Freezes a JSON value and everything in it: for data many readers share. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
