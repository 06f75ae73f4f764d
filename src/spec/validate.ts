import type { MemberSpec } from './types';
import { codePointLength } from './values';
import { awsPathStep } from './member-path';
import type { Measures } from './kinds/kind';
import { MEMBER_KINDS } from './kinds/registry';
import { typeMismatch } from './kinds/type';

export { referencesIn } from './kinds/reference';
export type { Measures };

/** The outcome of checking one request against an operation's input spec, in the order AWS applies them. */
export type ValidationResult = { kind: 'ok' } | { kind: 'type-error'; message: string } | { kind: 'invalid'; violations: string[] };

export const specMeasures: Measures = {
  length: codePointLength,
  patternMatches: (regex, value) => regex.test(value),
  boundedIntegers: true,
};

function findTypeError(spec: MemberSpec, value: unknown, measures: Measures): string | undefined {
  if (value === undefined || value === null) return undefined;
  const mismatch = typeMismatch(spec, value, measures);
  if (mismatch) return mismatch;
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
    for (const kind of MEMBER_KINDS) for (const must of kind.checkAbsent?.(spec) ?? []) violation(must);
    return;
  }
  // Each kind of the registry checks what it owns, in the registry's order.
  for (const kind of MEMBER_KINDS) for (const must of kind.check?.(spec, value, measures) ?? []) violation(must);
  if (spec.type === 'list') {
    const list = value as unknown[];
    list.forEach((item, i) => spec.item && collectViolations(spec.item, item, awsPathStep(path, i), measures, out));
  }
  if (spec.type === 'map') {
    const entries = Object.entries(value as Record<string, unknown>);
    for (const [key, item] of entries) {
      if (spec.key) collectViolations(spec.key, key, awsPathStep(path, '$key'), measures, out);
      if (spec.value) collectViolations(spec.value, item, awsPathStep(path, '$value'), measures, out);
    }
  }
  if (spec.type === 'structure') {
    for (const [name, member] of Object.entries(spec.members ?? {})) {
      collectViolations(member, (value as Record<string, unknown>)[name], awsPathStep(path, name), measures, out);
    }
  }
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
  // A business rule's message as captured on a real account is sent as it is, the way SageMaker sends those.
  if (count === 1 && !violations[0]!.startsWith('Value ')) return violations[0]!;
  return `${count} validation error${count === 1 ? '' : 's'} detected: ${violations.join('; ')}`;
}
