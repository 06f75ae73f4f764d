/** Pieces of the contract format's JSON Schema that more than one kind's field uses. */

/** The longest string or list a case may have to build: past this a limit is a mistake, not a test. */
export const LARGEST_BUILDABLE = 1_048_576;

export const clauseSchema = {
  type: 'object',
  required: ['source', 'member', 'text'],
  properties: { source: { type: 'string', minLength: 1 }, member: { type: 'string' }, text: { type: 'string', minLength: 1 } },
};

/** A count of characters or items: whole, not negative, small enough to build. */
export const countSchema = { type: 'integer', minimum: 0, maximum: LARGEST_BUILDABLE };

/** `{min?, max?, clause}` with at least one bound. */
export const boundsSchema = (bound: object) => ({
  type: 'object',
  required: ['clause'],
  anyOf: [{ required: ['min'] }, { required: ['max'] }],
  properties: { min: bound, max: bound, clause: clauseSchema },
});

export const templatesSchema = { type: 'object', additionalProperties: { type: 'string' } };
export const scalarSchema = { type: ['string', 'number'] };
