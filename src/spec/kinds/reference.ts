import type { MemberConstraints } from '../types';
import { expandString } from '../values';
import { clauseSchema } from './schema-parts';
import type { ConstraintKind } from './kind';

/** A member that names another resource: naming one that does not exist is rejected. */
export const reference: ConstraintKind = {
  name: 'reference',
  column: 8,
  field: {
    name: 'references',
    schema: {
      type: 'object',
      required: ['resource', 'missing', 'clause'],
      properties: { resource: { type: 'string' }, missing: { type: 'string' }, clause: clauseSchema },
    },
  },
  samples({ spec }) {
    if (!spec.references) return [];
    const { clause, missing, messageIncludes, resource } = spec.references;
    return [
      {
        suffix: 'not-found',
        title: `naming a ${resource} that does not exist is rejected`,
        clause,
        value: (vars) => expandString(missing, vars),
        expect: { outcome: 'reject', status: 400, errorCodes: ['ValidationException'], ...(messageIncludes ? { messageIncludes } : {}) },
      },
    ];
  },
  clause: (spec) => spec.references?.clause,
  breaking: (spec, { template }) => (spec.type === 'string' && spec.references ? [template(spec.references.missing)] : []),
  missing(spec, value, known) {
    if (!spec.references || typeof value !== 'string' || known.get(spec.references.resource)?.has(value.toLowerCase())) return undefined;
    const { resource, messageIncludes } = spec.references;
    return { message: `${resource} ${JSON.stringify(value)} does not exist`, ...(messageIncludes ? { messageIncludes } : {}) };
  },
  // A generated request can name only what exists: the resource its example names, or else the run's model.
  keeping: (spec, { example }) => (spec.type === 'string' && spec.references ? { only: true, values: [example ?? '{model}'] } : undefined),
  // Enforced against the mock's store, not by the validator: see `referencesIn`. The self-test breaks it with the
  // mock's `unknown-references-accepted` fault.
};

/** Every value in the request that names another resource, found through the spec's `references`. */
export function referencesIn(spec: MemberConstraints, value: unknown): { resource: string; name: string }[] {
  if (value === undefined || value === null) return [];
  if (spec.references && typeof value === 'string') return [{ resource: spec.references.resource, name: value }];
  if (spec.type === 'list' && Array.isArray(value) && spec.item) return value.flatMap((v) => referencesIn(spec.item!, v));
  if (spec.type === 'structure' && typeof value === 'object') {
    return Object.entries(spec.members ?? {}).flatMap(([k, m]) => referencesIn(m, (value as Record<string, unknown>)[k]));
  }
  return [];
}
