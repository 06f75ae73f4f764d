import type { MemberSpec, PatternConstraint } from './types';
import { codePointLength } from './values';
import { camelCase } from './member-path';

/** The outcome of checking one request against an operation's input spec, in the order AWS applies them. */
export type ValidationResult = { kind: 'ok' } | { kind: 'type-error'; message: string } | { kind: 'invalid'; violations: string[] };

/** How the reference mock measures and matches; a fault may swap one of these for a wrong one. */
export interface Measures {
  length: (value: string) => number;
  patternMatches: (regex: RegExp, value: string) => boolean;
  /** Whether an `integer` is held to 32 bits (a `long`, `format: int64`, to what JSON numbers hold exactly). */
  boundedIntegers: boolean;
}

export const specMeasures: Measures = {
  length: codePointLength,
  patternMatches: (regex, value) => regex.test(value),
  boundedIntegers: true,
};

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

function jsonTypeOf(value: unknown): string {
  if (Array.isArray(value)) return 'START_ARRAY';
  if (value === null) return 'NULL';
  switch (typeof value) {
    case 'string':
      return 'STRING_VALUE';
    case 'number':
      return 'NUMBER_VALUE';
    case 'boolean':
      return 'BOOLEAN_VALUE';
    default:
      return 'START_OBJECT';
  }
}

const TYPE_NAMES: Record<MemberSpec['type'], string> = {
  string: 'String',
  integer: 'Integer',
  float: 'Float',
  boolean: 'Boolean',
  timestamp: 'Timestamp',
  blob: 'Blob',
  document: 'Document',
  list: 'List',
  map: 'Map',
  structure: 'Structure',
};

function typeMatches(spec: MemberSpec, value: unknown, measures: Measures): boolean {
  switch (spec.type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return false;
      return spec.format === 'int64' || !measures.boundedIntegers ? Number.isSafeInteger(value) : value >= INT32.min && value <= INT32.max;
    case 'float':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'timestamp':
      return typeof value === 'number';
    case 'blob':
      return typeof value === 'string';
    case 'document':
      return true;
    case 'list':
      return Array.isArray(value);
    case 'map':
    case 'structure':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
  }
}

function findTypeError(spec: MemberSpec, value: unknown, measures: Measures): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (!typeMatches(spec, value, measures))
    return `${jsonTypeOf(value)} can not be converted to ${TYPE_NAMES[spec.type]}${typeof value === 'number' && spec.type === 'integer' && Number.isInteger(value) ? ' (out of range)' : ''}`;
  if (spec.type === 'list') {
    for (const item of value as unknown[]) {
      const inner = spec.item && findTypeError(spec.item, item, measures);
      if (inner) return inner;
    }
  }
  if (spec.type === 'structure') {
    for (const [name, member] of Object.entries(spec.members ?? {})) {
      const inner = findTypeError(member, (value as Record<string, unknown>)[name], measures);
      if (inner) return inner;
    }
  }
  if (spec.type === 'map' && spec.value) {
    for (const item of Object.values(value as Record<string, unknown>)) {
      const inner = findTypeError(spec.value, item, measures);
      if (inner) return inner;
    }
  }
  return undefined;
}

function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function collectViolations(spec: MemberSpec, value: unknown, path: string, measures: Measures, out: string[]): void {
  const violation = (constraint: string) =>
    out.push(`Value ${value === undefined ? 'null' : `'${shown(value)}'`} at '${path}' failed to satisfy constraint: Member must ${constraint}`);
  if (value === undefined || value === null) {
    if (spec.required) violation('not be null');
    return;
  }
  if (spec.type === 'string') {
    const text = value as string;
    const length = measures.length(text);
    if (spec.length?.max !== undefined && length > spec.length.max) violation(`have length less than or equal to ${spec.length.max}`);
    if (spec.length?.min !== undefined && length < spec.length.min) violation(`have length greater than or equal to ${spec.length.min}`);
    if (spec.pattern && !measures.patternMatches(patternOf(spec.pattern), text)) {
      violation(`satisfy regular expression pattern: ${spec.pattern.regex}`);
    }
    if (spec.enum && !spec.enum.values.includes(text)) violation(`satisfy enum value set: [${spec.enum.values.join(', ')}]`);
  }
  if (spec.type === 'integer' || spec.type === 'float') {
    const n = value as number;
    if (spec.enum && !spec.enum.values.includes(n)) violation(`satisfy enum value set: [${spec.enum.values.join(', ')}]`);
    if (spec.range?.min !== undefined && n < spec.range.min) violation(`have value greater than or equal to ${spec.range.min}`);
    if (spec.range?.max !== undefined && n > spec.range.max) violation(`have value less than or equal to ${spec.range.max}`);
  }
  if (spec.type === 'list') {
    const list = value as unknown[];
    if (spec.count?.min !== undefined && list.length < spec.count.min) violation(`have length greater than or equal to ${spec.count.min}`);
    if (spec.count?.max !== undefined && list.length > spec.count.max) violation(`have length less than or equal to ${spec.count.max}`);
    list.forEach((item, i) => spec.item && collectViolations(spec.item, item, `${path}.${i + 1}.member`, measures, out));
  }
  if (spec.type === 'map') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (spec.count?.min !== undefined && entries.length < spec.count.min) violation(`have length greater than or equal to ${spec.count.min}`);
    if (spec.count?.max !== undefined && entries.length > spec.count.max) violation(`have length less than or equal to ${spec.count.max}`);
    for (const [key, item] of entries) {
      if (spec.key) collectViolations(spec.key, key, `${path}.key`, measures, out);
      if (spec.value) collectViolations(spec.value, item, `${path}.value`, measures, out);
    }
  }
  if (spec.type === 'structure') {
    for (const [name, member] of Object.entries(spec.members ?? {})) {
      const childPath = path ? `${path}.${camelCase(name)}` : camelCase(name);
      collectViolations(member, (value as Record<string, unknown>)[name], childPath, measures, out);
    }
  }
}

const compiledPatterns = new Map<string, RegExp>();

/**
 * A member's pattern as a RegExp, compiled once. The seed profile matches it against the whole value, as AWS does
 * whether or not the 2017 page's pattern ends with `$`; an imported (Smithy) pattern applies as written.
 */
function patternOf(pattern: PatternConstraint): RegExp {
  const whole = pattern.match !== 'as-written';
  const key = `${whole ? 'whole' : 'as-written'}/${pattern.flags ?? ''}/${pattern.regex}`;
  let compiled = compiledPatterns.get(key);
  if (!compiled) {
    compiled = new RegExp(whole ? `^(?:${pattern.regex})$` : pattern.regex, pattern.flags ?? '');
    compiledPatterns.set(key, compiled);
  }
  return compiled;
}

/** Checks a request: JSON types first (a SerializationException), then every constraint (one ValidationException listing all). */
export function validateInput(spec: MemberSpec, request: Record<string, unknown>, measures: Measures = specMeasures): ValidationResult {
  const typeError = findTypeError(spec, request, measures);
  if (typeError) return { kind: 'type-error', message: typeError };
  const violations: string[] = [];
  collectViolations(spec, request, '', measures, violations);
  return violations.length === 0 ? { kind: 'ok' } : { kind: 'invalid', violations };
}

export function validationMessage(violations: string[]): string {
  const count = violations.length;
  return `${count} validation error${count === 1 ? '' : 's'} detected: ${violations.join('; ')}`;
}

/** Every value in the request that names another resource, found through the spec's `references`. */
export function referencesIn(spec: MemberSpec, value: unknown): { resource: string; name: string }[] {
  if (value === undefined || value === null) return [];
  if (spec.references && typeof value === 'string') return [{ resource: spec.references.resource, name: value }];
  if (spec.type === 'list' && Array.isArray(value) && spec.item) return value.flatMap((v) => referencesIn(spec.item!, v));
  if (spec.type === 'structure' && typeof value === 'object') {
    return Object.entries(spec.members ?? {}).flatMap(([k, m]) => referencesIn(m, (value as Record<string, unknown>)[k]));
  }
  return [];
}
