import { loadOperation, listOperations } from '../spec/load';
import type { MemberSpec, OperationSpec } from '../spec/types';
import { specBehaviour, type MockBehaviour } from './behaviour';

/** A single deviation from the spec that the reference mock can be switched to, for proving the suite notices. */
export interface Fault {
  description: string;
  apply: (behaviour: MockBehaviour) => MockBehaviour;
}

export class UnknownFaultError extends Error {
  override name = 'UnknownFaultError';
}

type Bound = 'min' | 'max';
type LimitKind = 'length' | 'count' | 'range';

/** The member spec at a dotted id path such as `ProductionVariants[].VariantName`. */
function memberAt(input: MemberSpec, path: string): MemberSpec | undefined {
  return path.split('.').reduce<MemberSpec | undefined>((spec, part) => {
    const list = part.endsWith('[]');
    const member = (spec?.type === 'list' ? spec.item : spec)?.members?.[list ? part.slice(0, -2) : part];
    return member;
  }, input);
}

/** A copy of the operation's spec with one member changed. */
function withMember(op: OperationSpec, path: string, change: (member: MemberSpec) => void): OperationSpec {
  const copy = structuredClone(op);
  const member = memberAt(copy.input, path);
  if (member) change(member);
  return copy;
}

function specFault(operation: string, path: string, description: string, change: (member: MemberSpec) => void): Fault {
  return {
    description,
    apply: (b) => ({ ...b, operationSpec: (op) => (op.operation === operation ? withMember(b.operationSpec(op), path, change) : b.operationSpec(op)) }),
  };
}

function walk(spec: MemberSpec, path: string, visit: (member: MemberSpec, path: string) => void): void {
  visit(spec, path);
  const children = spec.type === 'list' ? spec.item?.members : spec.members;
  const prefix = spec.type === 'list' ? `${path}[]` : path;
  for (const [name, child] of Object.entries(children ?? {})) walk(child, prefix ? `${prefix}.${name}` : name, visit);
}

/**
 * Faults derived from the spec: every limit off by one in each direction, every required member and every
 * pattern not enforced. Named `<member path>.<kind>.<bound><+1|-1>`, `<path>.required-ignored`, `<path>.pattern-ignored`.
 */
function specDerivedFaults(op: OperationSpec): Record<string, Fault> {
  const faults: Record<string, Fault> = {};
  walk(op.input, '', (member, path) => {
    if (!path) return;
    for (const kind of ['length', 'count', 'range'] as LimitKind[]) {
      const limit = member[kind];
      if (!limit) continue;
      for (const bound of ['min', 'max'] as Bound[]) {
        const value = limit[bound];
        if (value === undefined) continue;
        // +1 on max / -1 on min loosens the limit; the other direction tightens it.
        for (const delta of [1, -1]) {
          if (value + delta < 0) continue; // a negative minimum behaves as zero: not a deviation anyone could observe
          const name = `${path}.${kind}.${bound}${delta > 0 ? '+1' : '-1'}`;
          faults[name] = specFault(op.operation, path, `${path} ${kind} ${bound} is ${value + delta} instead of ${value}`, (m) => {
            (m[kind] as Record<Bound, number>)[bound] = value + delta;
          });
        }
      }
    }
    if (member.required) faults[`${path}.required-ignored`] = specFault(op.operation, path, `${path} may be left out`, (m) => delete m.required);
    if (member.pattern) faults[`${path}.pattern-ignored`] = specFault(op.operation, path, `${path} pattern is not enforced`, (m) => delete m.pattern);
  });
  return faults;
}

/** Faults in behaviour rather than in a single constraint. */
const BEHAVIOUR_FAULTS: Record<string, Fault> = {
  'duplicates-accepted': { description: 'a create with an existing name overwrites it', apply: (b) => ({ ...b, rejectDuplicates: false }) },
  'unknown-references-accepted': { description: 'a variant naming a model that does not exist is accepted', apply: (b) => ({ ...b, rejectUnknownReferences: false }) },
  'type-errors-accepted': { description: 'values of the wrong JSON type are accepted', apply: (b) => ({ ...b, rejectTypeErrors: false }) },
};

let cache: Record<string, Fault> | undefined;

/** Every fault the mock knows: spec-derived ones for each operation with a spec, then behaviour faults. */
export function knownFaults(): Record<string, Fault> {
  cache ??= Object.assign({}, ...listOperations().map((op) => specDerivedFaults(loadOperation(op))), BEHAVIOUR_FAULTS) as Record<string, Fault>;
  return cache;
}

/** The spec's behaviour with the named faults switched on. */
export function behaviourWithFaults(names: readonly string[]): MockBehaviour {
  const faults = knownFaults();
  return names.reduce((behaviour, name) => {
    const fault = faults[name];
    if (!fault) throw new UnknownFaultError(`unknown fault "${name}"; 'sagemaker-conformance mock --list-faults' lists them`);
    return fault.apply(behaviour);
  }, specBehaviour);
}
