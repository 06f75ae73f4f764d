import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';

/**
 * The JSON Schema of the spec format in `contracts/`: what the generator, judge and mock may rely on before a
 * single case is made. Bounds are whole, non-negative where they count something, and small enough to build a
 * value of; the checks a schema cannot state (min ≤ max, a regex that compiles) are made beside it.
 */

/** The longest string or list a case may have to build: past this a limit is a mistake, not a test. */
export const LARGEST_BUILDABLE = 1_048_576;

const clause = {
  type: 'object',
  required: ['source', 'member', 'text'],
  properties: { source: { type: 'string', minLength: 1 }, member: { type: 'string' }, text: { type: 'string', minLength: 1 } },
};
const count = { type: 'integer', minimum: 0, maximum: LARGEST_BUILDABLE };
const bounds = (bound: object) => ({
  type: 'object',
  required: ['clause'],
  anyOf: [{ required: ['min'] }, { required: ['max'] }],
  properties: { min: bound, max: bound, clause },
});
const templates = { type: 'object', additionalProperties: { type: 'string' } };
const scalar = { type: ['string', 'number'] };

const member = {
  $id: 'member',
  type: 'object',
  required: ['type'],
  properties: {
    type: { enum: ['string', 'integer', 'float', 'boolean', 'timestamp', 'blob', 'document', 'list', 'map', 'structure'] },
    format: { const: 'int64' },
    shape: { type: 'string' },
    fill: { type: 'string', minLength: 1 },
    astralFill: { type: 'string', minLength: 1 },
    required: clause,
    length: { ...bounds(count), properties: { ...bounds(count).properties, unit: { const: 'codepoints' } } },
    count: bounds(count),
    range: bounds({ type: 'number' }),
    pattern: {
      type: 'object',
      required: ['regex', 'clause'],
      properties: {
        regex: { type: 'string' },
        flags: { type: 'string', pattern: '^[dgimsuy]*$' },
        match: { enum: ['whole', 'as-written'] },
        clause,
        invalid: templates,
        valid: templates,
        untestable: { type: 'string', minLength: 1 },
      },
    },
    enum: {
      type: 'object',
      required: ['values', 'invalid', 'clause'],
      properties: { values: { type: 'array', minItems: 1, items: scalar }, invalid: scalar, accept: { type: 'array', items: scalar }, clause },
    },
    default: { type: 'object', required: ['value', 'clause'], properties: { clause } },
    references: {
      type: 'object',
      required: ['resource', 'missing', 'clause'],
      properties: { resource: { type: 'string' }, missing: { type: 'string' }, clause },
    },
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
    ajv.addSchema(member);
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
