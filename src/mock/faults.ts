import { loadOperation, listOperations } from '../spec/load';
import type { MemberSpec, OperationSpec } from '../spec/types';
import { specBehaviour, type MockBehaviour } from './behaviour';
import { BadInputError } from '../errors';

/** A single deviation from the spec that the reference mock can be switched to, for proving the suite notices. */
export interface Fault {
  description: string;
  apply: (behaviour: MockBehaviour) => MockBehaviour;
  /**
   * Set when no request can tell this fault from the spec (an equivalent mutant): why. The self-test leaves such
   * faults out of its score and prints the reason instead of pretending to catch them.
   */
  equivalent?: string;
}

export class UnknownFaultError extends BadInputError {
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

function specFault(operation: string, path: string, description: string, change: (member: MemberSpec) => void, equivalent?: string): Fault {
  return {
    description,
    apply: (b) => ({ ...b, operationSpec: (op) => (op.operation === operation ? withMember(b.operationSpec(op), path, change) : b.operationSpec(op)) }),
    ...(equivalent ? { equivalent } : {}),
  };
}

function walk(spec: MemberSpec, path: string, visit: (member: MemberSpec, path: string) => void): void {
  visit(spec, path);
  const children = spec.type === 'list' ? spec.item?.members : spec.members;
  const prefix = spec.type === 'list' ? `${path}[]` : path;
  for (const [name, child] of Object.entries(children ?? {})) walk(child, prefix ? `${prefix}.${name}` : name, visit);
}

/**
 * Faults derived from the spec: every limit off by one in each direction, every required member, pattern and
 * enum not enforced. Named `<member path>.<kind>.<bound><+1|-1>`, `<path>.required-ignored`,
 * `<path>.pattern-ignored`, `<path>.enum-ignored`.
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
          const changed = value + delta;
          // A length or item count is never negative, so a minimum of -1 admits exactly what a minimum of 0 does.
          const equivalent =
            kind !== 'range' && changed < 0
              ? `a ${kind === 'count' ? 'list' : 'string'} cannot have fewer than 0 ${kind === 'count' ? 'items' : 'characters'}, so a minimum of ${changed} accepts exactly what ${value} does`
              : undefined;
          const name = `${path}.${kind}.${bound}${delta > 0 ? '+1' : '-1'}`;
          faults[name] = specFault(
            op.operation,
            path,
            `${path} ${kind} ${bound} is ${changed} instead of ${value}`,
            (m) => {
              (m[kind] as Record<Bound, number>)[bound] = changed;
            },
            equivalent,
          );
        }
      }
    }
    if (member.required) faults[`${path}.required-ignored`] = specFault(op.operation, path, `${path} may be left out`, (m) => delete m.required);
    if (member.pattern) faults[`${path}.pattern-ignored`] = specFault(op.operation, path, `${path} pattern is not enforced`, (m) => delete m.pattern);
    if (member.enum) faults[`${path}.enum-ignored`] = specFault(op.operation, path, `${path} accepts values outside its enum`, (m) => delete m.enum);
  });
  return faults;
}

/** Applies `change` to every number in a JSON value. */
function mapNumbers(value: unknown, change: (n: number) => number): unknown {
  if (typeof value === 'number') return change(value);
  if (Array.isArray(value)) return value.map((v) => mapNumbers(v, change));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapNumbers(v, change)]));
  return value;
}

/** Reverses every list in a JSON value. */
function reverseLists(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseLists).reverse();
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reverseLists(v)]));
  return value;
}

/** An ARN with one of its `:`-separated fields (0 = `arn`, 3 = region, 5 = type/name) replaced. */
function arnField(arn: string, index: number, change: (field: string) => string): string {
  const fields = arn.split(':');
  fields[index] = change(fields[index] ?? '');
  return fields.join(':');
}

/** Faults in behaviour rather than in a single constraint. */
function behaviourFaults(ops: readonly OperationSpec[]): Record<string, Fault> {
  const optionalMembers = new Map(
    ops.map((op) => [
      op.operation,
      Object.entries(op.input.members ?? {})
        .filter(([, m]) => !m.required)
        .map(([k]) => k),
    ]),
  );
  return {
    'duplicates-accepted': { description: 'a create with an existing name overwrites it', apply: (b) => ({ ...b, rejectDuplicates: false }) },
    'unknown-references-accepted': {
      description: 'a variant naming a model that does not exist is accepted',
      apply: (b) => ({ ...b, rejectUnknownReferences: false }),
    },
    'type-errors-accepted': { description: 'values of the wrong JSON type are accepted', apply: (b) => ({ ...b, rejectTypeErrors: false }) },
    'error-code-wrong': {
      description: 'invalid input is rejected as InvalidParameterException, not ValidationException',
      apply: (b) => ({ ...b, validationErrorCode: 'InvalidParameterException' }),
    },
    'error-status-wrong': { description: 'invalid input is rejected with HTTP 422, not 400', apply: (b) => ({ ...b, errorStatus: 422 }) },
    'error-code-missing': { description: 'errors carry no code (no __type, no x-amzn-ErrorType)', apply: (b) => ({ ...b, sendErrorCode: false }) },
    'error-message-missing': { description: 'error bodies carry no message', apply: (b) => ({ ...b, sendErrorMessage: false }) },
    'success-status-wrong': {
      description: `a successful ${ops.map((op) => op.operation).join(' or ')} answers HTTP 201, not 200`,
      apply: (b) => ({ ...b, successStatus: (operation) => (ops.some((op) => op.operation === operation) ? 201 : b.successStatus(operation)) }),
    },
    'content-type-wrong': {
      description: 'answers are labelled text/plain, not application/x-amz-json-1.1',
      apply: (b) => ({ ...b, contentType: 'text/plain; charset=utf-8' }),
    },
    'request-id-missing': { description: 'answers carry no x-amzn-RequestId header', apply: (b) => ({ ...b, sendRequestId: false }) },
    'lengths-in-utf16-units': {
      description: 'string lengths count UTF-16 code units instead of code points',
      apply: (b) => ({ ...b, measures: { ...b.measures, length: (s) => s.length } }),
    },
    'arn-missing': { description: "a create answers without the new resource's ARN", apply: (b) => ({ ...b, arn: () => undefined }) },
    'arn-malformed': {
      description: 'the returned ARN lacks its "arn:" prefix',
      apply: (b) => ({ ...b, arn: (arn, name) => b.arn(arn, name)?.replace(/^arn:/, '') }),
    },
    'arn-wrong-resource-type': {
      description: 'the returned ARN names the wrong resource type (model/ for an endpoint-config/, and the reverse)',
      apply: (b) => ({
        ...b,
        arn: (arn, name) =>
          b.arn(
            arn.replace(/:([a-z-]+)\//, (_, type: string) => (type === 'model' ? ':endpoint-config/' : ':model/')),
            name,
          ),
      }),
    },
    'arn-wrong-region': {
      description: 'the returned ARN names another region than the one signed for',
      apply: (b) => ({
        ...b,
        arn: (arn, name) =>
          b.arn(
            arnField(arn, 3, (region) => (region === 'eu-west-1' ? 'us-east-1' : 'eu-west-1')),
            name,
          ),
      }),
    },
    'arn-name-case-kept': {
      description: "the returned ARN keeps the name's case instead of writing it in lower case",
      apply: (b) => ({ ...b, arn: (arn, name) => b.arn(arn.replace(/\/[^/]*$/, `/${name}`), name) }),
    },
    'stored-numbers-rounded': {
      description: 'numbers are stored rounded to whole numbers (DescribeEndpointConfig returns 1 for 0.5)',
      apply: (b) => ({ ...b, stored: (r, op) => mapNumbers(b.stored(r, op), Math.round) as Record<string, unknown> }),
    },
    'stored-lists-reversed': {
      description: 'lists are stored in reverse order',
      apply: (b) => ({ ...b, stored: (r, op) => reverseLists(b.stored(r, op)) as Record<string, unknown> }),
    },
    'stored-optional-members-dropped': {
      description: 'optional top-level members (KmsKeyId, Tags) are not stored',
      apply: (b) => ({
        ...b,
        stored: (r, op) => Object.fromEntries(Object.entries(b.stored(r, op)).filter(([k]) => !(optionalMembers.get(op) ?? []).includes(k))),
      }),
    },
  };
}

let cache: Record<string, Fault> | undefined;

/** Every fault the mock knows: spec-derived ones for each operation with a spec, then behaviour faults. */
export function knownFaults(): Record<string, Fault> {
  if (!cache) {
    const ops = listOperations().map((op) => loadOperation(op));
    cache = Object.assign({}, ...ops.map(specDerivedFaults), behaviourFaults(ops)) as Record<string, Fault>;
  }
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
