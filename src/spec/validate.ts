import type { MemberConstraints } from './types';
import { codePointLength } from './values';
import { awsPathStep, idStep } from './member-path';
import type { KindBreach, Measures, ConstraintKind } from './kinds/kind';
import type { Violation } from './violation';
import { kindsWith, MEMBER_KINDS } from './kinds/registry';

export { referencesIn } from './kinds/reference';
export type { Measures, Violation };
export { validationMessage, violationText } from './wording';

/** The outcome of checking one request against an operation's input spec, in the order AWS applies them. */
export type ValidationResult = { kind: 'ok' } | { kind: 'type-error'; message: string } | { kind: 'invalid'; violations: Violation[] };

export const specMeasures: Measures = {
  length: codePointLength,
  patternMatches: (regex, value) => regex.test(value),
  boundedIntegers: true,
};

/**
 * The first message of a kind that cannot read a value as the member's (its JSON type), anywhere in it; `readers` are
 * the kinds that say so (asked once per request, not once per member).
 */
function findTypeError(spec: MemberConstraints, value: unknown, measures: Measures, readers: readonly ConstraintKind[]): string | undefined {
  if (value === undefined || value === null) return undefined;
  for (const kind of readers) {
    const mismatch = kind.unreadable!(spec, value, measures);
    if (mismatch !== undefined) return mismatch;
  }
  if (spec.type === 'list') {
    for (const item of value as unknown[]) {
      const inner = spec.item && findTypeError(spec.item, item, measures, readers);
      if (inner) return inner;
    }
  }
  if (spec.type === 'structure') {
    for (const [name, member] of Object.entries(spec.members ?? {})) {
      const inner = findTypeError(member, (value as Record<string, unknown>)[name], measures, readers);
      if (inner) return inner;
    }
  }
  if (spec.type === 'map' && spec.value) {
    for (const item of Object.values(value as Record<string, unknown>)) {
      const inner = findTypeError(spec.value, item, measures, readers);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** Where the walk is: AWS's path, the case id's, and the list positions along the way. */
interface Place {
  at: string;
  member: string;
  positions: number[];
}

function collectViolations(spec: MemberConstraints, value: unknown, place: Place, measures: Measures, out: Violation[]): void {
  const record = (kind: ConstraintKind, breach: KindBreach) => {
    const clause = kind.clause?.(spec);
    out.push({
      ...place,
      kind: kind.name,
      ...(breach.bound ? { bound: breach.bound } : {}),
      ...(clause ? { clause } : {}),
      value: value ?? undefined,
      constraint: `Member must ${breach.must}`,
    });
  };
  if (value === undefined || value === null) {
    for (const kind of MEMBER_KINDS) for (const breach of kind.checkAbsent?.(spec) ?? []) record(kind, breach);
    return;
  }
  // Each kind of the registry checks what it owns, in the registry's order.
  for (const kind of MEMBER_KINDS) for (const breach of kind.check?.(spec, value, measures) ?? []) record(kind, breach);
  const down = (step: string | number): Place => ({
    at: awsPathStep(place.at, step),
    member: idStep(place.member, typeof step === 'number' ? '[]' : step),
    positions: typeof step === 'number' ? [...place.positions, step] : place.positions,
  });
  if (spec.type === 'list') {
    const list = value as unknown[];
    list.forEach((item, i) => spec.item && collectViolations(spec.item, item, down(i), measures, out));
  }
  if (spec.type === 'map') {
    const entries = Object.entries(value as Record<string, unknown>);
    for (const [key, item] of entries) {
      if (spec.key) collectViolations(spec.key, key, down('$key'), measures, out);
      if (spec.value) collectViolations(spec.value, item, down('$value'), measures, out);
    }
  }
  if (spec.type === 'structure') {
    for (const [name, member] of Object.entries(spec.members ?? {})) {
      collectViolations(member, (value as Record<string, unknown>)[name], down(name), measures, out);
    }
  }
}

/** Checks a request: JSON types first (a SerializationException), then every constraint (one ValidationException listing all). */
export function validateInput(spec: MemberConstraints, request: Record<string, unknown>, measures: Measures = specMeasures): ValidationResult {
  const typeError = findTypeError(spec, request, measures, kindsWith('unreadable'));
  if (typeError) return { kind: 'type-error', message: typeError };
  const violations: Violation[] = [];
  collectViolations(spec, request, { at: '', member: '', positions: [] }, measures, violations);
  return violations.length === 0 ? { kind: 'ok' } : { kind: 'invalid', violations };
}
