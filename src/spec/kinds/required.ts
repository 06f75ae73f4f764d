import { holderAt, OMIT } from '../member-path';
import { clauseSchema } from './schema-parts';
import type { ConstraintKind } from './kind';

/** A member the request must have: left out (nested ones inside a valid example of their structure), it is rejected. */
export const required: ConstraintKind = {
  name: 'required',
  column: 1,
  field: { name: 'required', schema: clauseSchema },
  samples: ({ spec }) =>
    spec.required ? [{ suffix: 'required', title: 'left out is rejected', clause: spec.required, value: () => OMIT, expect: 'violation' }] : [],
  keptByParent: true,
  checkAbsent: (spec) => (spec.required ? [{ must: 'not be null' }] : []),
  clause: (spec) => spec.required,
  faults: (spec, path) =>
    spec.required ? [{ suffix: 'required-ignored', description: `${path} may be left out`, change: (m) => delete m.required, noticedBy: ['required'] }] : [],
  // Required only in an empty parent, for a member of an optional structure at the top whose example holds nothing
  // else: the baseline leaves such a structure out, and the table's case sends the example without the member.
  combinationFault({ path, id, spec }) {
    const [parent, member] = path;
    if (!spec.required || path.length !== 2 || parent!.spec.type !== 'structure' || parent!.spec.required) return undefined;
    const example = parent!.spec.example;
    if (typeof example !== 'object' || example === null || Object.keys(example).join() !== member!.key) return undefined;
    return {
      suffix: 'required-only-when-parent-empty',
      description: `${id} is required only when ${parent!.key} has no other member`,
      combination: `the table leaves it out of ${parent!.key}'s example, which holds nothing else`,
      overlooks: (request, v) => {
        const holder = holderAt(request, v.member, v.positions);
        return holder !== undefined && Object.keys(holder).length > 0;
      },
    };
  },
};
