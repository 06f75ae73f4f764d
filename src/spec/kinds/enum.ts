import { clauseSchema, scalarSchema } from './schema-parts';
import { itemNoun, type ConstraintKind, type Sample } from './kind';

/** A closed set of values: a stable few of them accepted, one outside rejected. */
export const enumKind: ConstraintKind = {
  name: 'enum',
  column: 7,
  field: {
    name: 'enum',
    schema: {
      type: 'object',
      required: ['values', 'invalid', 'clause'],
      properties: {
        values: { type: 'array', minItems: 1, items: scalarSchema },
        invalid: scalarSchema,
        accept: { type: 'array', items: scalarSchema },
        clause: clauseSchema,
      },
    },
  },
  samples({ spec }) {
    if (!spec.enum) return [];
    const { clause, invalid } = spec.enum;
    const out: Sample[] = (spec.enum.accept ?? []).map((value) => ({
      suffix: `enum.${value}`,
      title: `of ${JSON.stringify(value)} (one of the allowed values) is accepted`,
      clause,
      value: () => value,
      expect: 'accept' as const,
      label: String(value),
    }));
    out.push({
      suffix: 'enum.invalid',
      title: `outside the allowed values ("${invalid}") is rejected`,
      clause,
      value: () => invalid,
      expect: 'violation',
      label: 'invalid',
    });
    return out;
  },
  check(spec, value) {
    if (!spec.enum || !['string', 'integer', 'float'].includes(spec.type)) return [];
    return spec.enum.values.includes(value as string | number) ? [] : [{ must: `satisfy enum value set: [${spec.enum.values.join(', ')}]` }];
  },
  // Only a string's enum is held against responses: a number's values are checked by its range.
  jsonSchema: (spec) => (spec.type === 'string' && spec.enum ? { enum: spec.enum.values } : {}),
  clause: (spec) => spec.enum?.clause,
  breaking: (spec) => (spec.enum && ['string', 'integer', 'float'].includes(spec.type) ? [spec.enum.invalid] : []),
  // Only the set's values keep it; a long set is sent mostly as the few the table accepts, then any of the rest; a
  // set of numbers evenly.
  keeping: (spec) =>
    spec.enum
      ? {
          only: true,
          values: spec.enum.accept && spec.enum.values.length > 50 ? [...spec.enum.accept, ...spec.enum.values] : [...spec.enum.values],
          evenly: spec.type !== 'string',
        }
      : undefined,
  // A set checked on a list's first item only: every case of the table has one item.
  combinationFault({ path, id, spec }) {
    const list = path.findLastIndex((step) => step.key === '[]');
    if (!spec.enum || list < 1) return undefined;
    const item = itemNoun(path[list - 1]!.key);
    return {
      suffix: `enum-first-${item}-only`,
      description: `${id} is held to its enum on the first ${item} only`,
      combination: `every case of the table changes the first ${item}; the faulty check needs a bad value in another`,
      overlooks: (_, v) => (v.positions.at(-1) ?? 0) > 0,
    };
  },
  faults: (spec, path) =>
    spec.enum
      ? [{ suffix: 'enum-ignored', description: `${path} accepts values outside its enum`, change: (m) => delete m.enum, noticedBy: ['enum.invalid'] }]
      : [],
};
