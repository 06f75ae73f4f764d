import type { MemberConstraints } from './types';
import { MEMBER_KINDS } from './kinds/registry';

export type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema of a member spec. Responses may carry members the spec does not name, so objects stay open.
 * Lengths in JSON Schema count code points, as the spec's lengths do.
 */
export function toJsonSchema(spec: MemberConstraints): JsonSchema {
  // Each kind of the registry adds the keywords that say it, after the member's type.
  return Object.assign(typeSchema(spec), ...MEMBER_KINDS.map((k) => k.jsonSchema?.(spec) ?? {})) as JsonSchema;
}

function typeSchema(spec: MemberConstraints): JsonSchema {
  switch (spec.type) {
    case 'string':
      return { type: 'string' };
    case 'integer':
    case 'float':
      return { type: spec.type === 'integer' ? 'integer' : 'number' };
    case 'boolean':
      return { type: 'boolean' };
    case 'timestamp':
      return { type: 'number' };
    case 'blob':
      return { type: 'string' };
    case 'document':
      return {};
    case 'map':
      return { type: 'object', additionalProperties: spec.value ? toJsonSchema(spec.value) : {} };
    case 'list':
      return { type: 'array', items: spec.item ? toJsonSchema(spec.item) : {} };
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
