import type { Clause } from './types';

/**
 * One reason the reference validator rejects a request, as a record (Smithy's validation events are records too):
 * where, which kind of constraint or which documented rule, the bound, the clause it rests on. The kind and rule
 * modules produce them; `./wording` renders them in AWS's words; no consumer reads those words back.
 */
export interface Violation {
  /** The member as AWS's messages write it: `productionVariants.2.member.instanceType`. */
  at: string;
  /** The member in case-id form: `ProductionVariants[].InstanceType` (for a documented rule, the rule's path). */
  member: string;
  /** The 0-based list positions along the way (`[1]` for the second variant). */
  positions: number[];
  /** The member kind (`length`, `enum`, ...) or `rule` for a documented rule. */
  kind: string;
  /** For a documented rule: its id. */
  rule?: string;
  /** For a limit: which bound was passed, and its value. */
  bound?: { side: 'min' | 'max'; limit: number };
  /** The clause the constraint rests on (absent only for a kind that has none). */
  clause?: Clause;
  /** The value at the member; undefined where it was left out or null. */
  value: unknown;
  /** What the member must do, in AWS's words: `Member must have length less than or equal to 63`. */
  constraint: string;
  /** A message captured on a real account, sent as it is instead of the rendered one. */
  verbatim?: string;
}
