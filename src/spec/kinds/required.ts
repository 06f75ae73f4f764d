import { OMIT } from '../member-path';
import { clauseSchema } from './schema-parts';
import type { MemberKind } from './kind';

/** A member the request must have: left out (nested ones inside a valid example of their structure), it is rejected. */
export const required: MemberKind = {
  name: 'required',
  column: 1,
  field: { name: 'required', schema: clauseSchema },
  samples: ({ spec }) =>
    spec.required ? [{ suffix: 'required', title: 'left out is rejected', clause: spec.required, value: () => OMIT, expect: 'violation' }] : [],
  checkAbsent: (spec) => (spec.required ? [{ must: 'not be null' }] : []),
  clause: (spec) => spec.required,
  faults: (spec, path) =>
    spec.required ? [{ suffix: 'required-ignored', description: `${path} may be left out`, change: (m) => delete m.required, noticedBy: ['required'] }] : [],
};
