import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { MEMBER_KINDS } from './kinds/registry';
import { clauseSchema, LARGEST_BUILDABLE } from './kinds/schema-parts';

/**
 * The JSON Schema of the spec format in `contracts/`: what the generator, judge and mock may rely on before a
 * single case is made. Bounds are whole, non-negative where they count something, and small enough to build a
 * value of; the checks a schema cannot state (min ≤ max, a regex that compiles) are made beside it.
 */

export { LARGEST_BUILDABLE };

const clause = clauseSchema;

/** Each registered kind's field, as its module writes it (the `type` kind has none: every member has a type). */
function kindFields(): Record<string, object> {
  return Object.fromEntries(MEMBER_KINDS.flatMap((k) => (k.field ? [[k.field.name, k.field.schema]] : [])));
}

function memberSchema() {
  const { references, ...fields } = kindFields();
  return {
    $id: 'member',
    type: 'object',
    required: ['type'],
    properties: {
      type: { enum: ['string', 'integer', 'float', 'boolean', 'timestamp', 'blob', 'document', 'list', 'map', 'structure'] },
      format: { const: 'int64' },
      shape: { type: 'string' },
      fill: { type: 'string', minLength: 1 },
      astralFill: { type: 'string', minLength: 1 },
      ...fields,
      default: { type: 'object', required: ['value', 'clause'], properties: { clause } },
      ...(references ? { references } : {}),
      arnOf: { type: 'object', required: ['resource', 'clause'], properties: { resource: { type: 'string' }, clause } },
      item: { $ref: 'member' },
      key: { $ref: 'member' },
      value: { $ref: 'member' },
      members: { type: 'object', additionalProperties: { $ref: 'member' } },
    },
    allOf: [
      { if: { properties: { type: { const: 'list' } } }, then: { required: ['item'] } },
      { if: { properties: { type: { const: 'map' } } }, then: { required: ['key', 'value'] } },
    ],
  };
}

const operation = {
  type: 'object',
  required: ['operation', 'spec', 'baseline', 'input', 'output', 'errors', 'typeErrors'],
  properties: {
    operation: { type: 'string', minLength: 1 },
    spec: { type: 'object', required: ['name', 'profile', 'sources'] },
    baseline: { type: 'object' },
    contexts: { type: 'object', additionalProperties: { type: 'object' } },
    suppress: { type: 'object', additionalProperties: { type: 'string', minLength: 1 } },
    paginated: {
      type: 'object',
      required: ['inputToken', 'outputToken', 'items'],
      properties: { inputToken: { type: 'string', minLength: 1 }, outputToken: { type: 'string', minLength: 1 }, items: { type: 'string', minLength: 1 } },
    },
    requires: { type: 'array', items: { type: 'string' } },
    given: { type: 'array', items: { type: 'string' } },
    rules: { type: 'array', items: { type: 'object', required: ['id', 'kind', 'path', 'clause'], properties: { clause } } },
    input: { $ref: 'member' },
    output: { $ref: 'member' },
    errors: {
      type: 'array',
      items: { type: 'object', required: ['code', 'status', 'clause'], properties: { status: { type: 'integer', minimum: 100, maximum: 599 }, clause } },
    },
    typeErrors: { type: 'object', required: ['codes', 'clause'], properties: { codes: { type: 'array', minItems: 1, items: { type: 'string' } }, clause } },
  },
};

let compiled: ValidateFunction | undefined;

/** Compiled on first use, without checking the schema against JSON Schema's meta-schema (that alone costs a tenth of a second of every start). */
function validateOperation(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: false, strict: false, validateSchema: false });
    ajv.addSchema(memberSchema());
    compiled = ajv.compile(operation);
  }
  return compiled;
}

/** The first thing wrong with an operation spec, as a JSON path and a sentence; undefined when the file fits the format. */
export function operationSchemaProblem(data: unknown): { path: string; problem: string } | undefined {
  const check = validateOperation();
  if (check(data)) return undefined;
  const error = (check.errors ?? [])[0] as ErrorObject;
  const path = error.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : '(root)';
  const detail = error.keyword === 'enum' ? `${error.message}: ${JSON.stringify((error.params as { allowedValues: unknown[] }).allowedValues)}` : error.message;
  return { path, problem: detail ?? 'does not fit the spec format' };
}
