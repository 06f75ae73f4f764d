import type { MemberSpec } from './types';

export type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema of a member spec. Responses may carry members the spec does not name, so objects stay open.
 * Lengths in JSON Schema count code points, as the spec's lengths do.
 */
export function toJsonSchema(spec: MemberSpec): JsonSchema {
  switch (spec.type) {
    case 'string': {
      const schema: JsonSchema = { type: 'string' };
      if (spec.length?.min !== undefined) schema.minLength = spec.length.min;
      if (spec.length?.max !== undefined) schema.maxLength = spec.length.max;
      if (spec.enum) schema.enum = spec.enum.values;
      return schema;
    }
    case 'integer':
    case 'float': {
      const schema: JsonSchema = { type: spec.type === 'integer' ? 'integer' : 'number' };
      if (spec.range?.min !== undefined) schema.minimum = spec.range.min;
      if (spec.range?.max !== undefined) schema.maximum = spec.range.max;
      return schema;
    }
    case 'boolean':
      return { type: 'boolean' };
    case 'timestamp':
      return { type: 'number' };
    case 'blob':
      return { type: 'string' };
    case 'document':
      return {};
    case 'map': {
      const schema: JsonSchema = { type: 'object', additionalProperties: spec.value ? toJsonSchema(spec.value) : {} };
      if (spec.count?.min !== undefined) schema.minProperties = spec.count.min;
      if (spec.count?.max !== undefined) schema.maxProperties = spec.count.max;
      return schema;
    }
    case 'list': {
      const schema: JsonSchema = { type: 'array', items: spec.item ? toJsonSchema(spec.item) : {} };
      if (spec.count?.min !== undefined) schema.minItems = spec.count.min;
      if (spec.count?.max !== undefined) schema.maxItems = spec.count.max;
      return schema;
    }
    case 'structure': {
      const members = spec.members ?? {};
      return {
        type: 'object',
        properties: Object.fromEntries(Object.entries(members).map(([k, m]) => [k, toJsonSchema(m)])),
        required: Object.entries(members)
          .filter(([, m]) => m.required)
          .map(([k]) => k),
      };
    }
  }
}

/**
 * The error body of the awsJson1.1 protocol: the error's type in `__type`; a message (`message` or `Message`) is
 * optional, and a non-empty string when present (contracts/model/observed/: a Coral service has answered with `__type`
 * alone, and SageMaker's raw error captures carry no x-amzn-ErrorType header).
 */
export const errorBodySchema: JsonSchema = {
  type: 'object',
  properties: {
    __type: { type: 'string', minLength: 1 },
    message: { type: 'string', minLength: 1 },
    Message: { type: 'string', minLength: 1 },
  },
  required: ['__type'],
};
