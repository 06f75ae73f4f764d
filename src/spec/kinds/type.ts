import type { MemberConstraints } from '../types';
import { awsPath } from '../member-path';
import type { ConstraintKind, Measures } from './kind';

/** A JSON value of another type than the member's, named by its JSON type; a document takes any JSON value. */
export function wrongTypeValue(spec: MemberConstraints): [string, unknown] | undefined {
  switch (spec.type) {
    case 'string':
      return ['number', 12345];
    case 'integer':
    case 'float':
      return ['string', '1'];
    case 'boolean':
      return ['string', 'true'];
    case 'timestamp':
      return ['boolean', true];
    case 'blob':
      return ['number', 12345];
    case 'list':
      return ['object', {}];
    case 'map':
    case 'structure':
      return ['string', 'not-an-object'];
    case 'document':
      return undefined;
  }
}

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

const TYPE_NAMES: Record<MemberConstraints['type'], string> = {
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

function typeMatches(spec: MemberConstraints, value: unknown, measures: Measures): boolean {
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

/**
 * The JSON protocol's message for a value of the wrong JSON type (a SerializationException, before any constraint is
 * checked), or undefined when the value has the member's type. The validator's walker looks inside lists, maps and
 * structures.
 */
export function typeMismatch(spec: MemberConstraints, value: unknown, measures: Measures): string | undefined {
  if (typeMatches(spec, value, measures)) return undefined;
  return `${jsonTypeOf(value)} can not be converted to ${TYPE_NAMES[spec.type]}${typeof value === 'number' && spec.type === 'integer' && Number.isInteger(value) ? ' (out of range)' : ''}`;
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}

/** Every member's JSON type: a value of another type is rejected. */
export const type: ConstraintKind = {
  name: 'type',
  column: 5,
  samples({ op, spec, id }) {
    const wrong = wrongTypeValue(spec);
    if (!wrong) return [];
    const [jsonType, value] = wrong;
    return [
      {
        suffix: `type.${jsonType}`,
        title: `given a JSON ${jsonType} instead of ${article(spec.type)} ${spec.type} is rejected`,
        clause: op.typeErrors.clause,
        value: () => value,
        // The JSON protocol's SerializationException names no member; a ValidationException must name this one
        // (moto's "Could not find model '12345'" for a ModelName of the wrong type is a rejection for another reason).
        expect: {
          outcome: 'reject',
          status: 400,
          errorCodes: op.typeErrors.codes,
          member: { paths: [awsPath(id)], whenUnnamed: 'fail', forCodes: ['ValidationException'] },
        },
        label: jsonType,
      },
    ];
  },
  unreadable: typeMismatch,
  breaking: (spec) => {
    const wrong = wrongTypeValue(spec);
    return wrong ? [wrong[1]] : [];
  },
  rarelyBroken: true,
  // A boolean or a time has no constraint but its type: explore sends either boolean evenly, a time of these years.
  keeping(spec) {
    if (spec.type === 'boolean') return { values: [false, true], evenly: true };
    if (spec.type === 'timestamp') return { only: true, between: { min: 1500000000, max: 1900000000, step: 1 } };
    return undefined;
  },
  // The self-test breaks it with the mock's `type-errors-accepted` fault.
};
