import type { MemberConstraints } from '../spec/types';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON value with every null member of an object left out: a structure member sent as null is absent. */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}

/** A lax reading (a fault): every null member taken as the string "None", as a Python emulator's str(None) does. */
export function nullsAsNone(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(nullsAsNone);
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, v === null ? 'None' : nullsAsNone(v)]));
}

/** The value with only the members its spec has: what the service keeps of a request (unknown members are ignored). */
export function knownMembers(spec: MemberConstraints, value: unknown): unknown {
  if (spec.type === 'list' && Array.isArray(value) && spec.item) return value.map((v) => knownMembers(spec.item!, v));
  if (spec.type === 'map' && isObject(value) && spec.value) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, knownMembers(spec.value!, v)]));
  if (spec.type !== 'structure' || !isObject(value)) return value;
  const members = spec.members ?? {};
  return Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (members[k] ? [[k, knownMembers(members[k], v)]] : [])));
}
