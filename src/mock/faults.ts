import { loadOperation, listOperations, loadService } from '../spec/load';
import { loadProfile } from '../spec/profiles';
import { stepsOf } from '../spec/member-path';
import type { MemberSpec, OperationSpec, ResourceSpec } from '../spec/types';
import { specBehaviour, type MockBehaviour, type ProtocolBehaviour } from './behaviour';
import type { LifecycleBehaviour } from './lifecycle';
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
  /**
   * Id globs of the cases that can notice the fault; the self-test runs only those (a subset of the table can only
   * miss what the whole table would catch, never the reverse). Absent: the whole table.
   */
  observers?: string[];
}

export class UnknownFaultError extends BadInputError {
  override name = 'UnknownFaultError';
}

type Bound = 'min' | 'max';
type LimitKind = 'length' | 'count' | 'range';

/** A copy of the operation's spec with one member changed. */
function withMember(op: OperationSpec, path: string, change: (member: MemberSpec) => void): OperationSpec {
  const copy = structuredClone(op);
  change(stepsOf(copy, path).at(-1)!.spec);
  return copy;
}

/** A fault on one operation's spec; the changed spec is made once per spec it is given, not once per request. */
function onOperation(operation: string, change: (op: OperationSpec) => OperationSpec): Fault['apply'] {
  return (b) => {
    const changed = new WeakMap<OperationSpec, OperationSpec>();
    const operationSpec = (op: OperationSpec): OperationSpec => {
      if (op.operation !== operation) return b.operationSpec(op);
      let spec = changed.get(op);
      if (!spec) {
        spec = change(b.operationSpec(op));
        changed.set(op, spec);
      }
      return spec;
    };
    return { ...b, operationSpec };
  };
}

/**
 * A fault that changes one member's constraint. `noticedBy` are the ids of the cases that would notice it; if every
 * one of them is left out of the table, with its reason, no request of the table tells the fault from the spec, and
 * the fault says so instead of counting as missed. The battery runs the member's own cases.
 */
function specFault(
  op: OperationSpec,
  path: string,
  description: string,
  change: (member: MemberSpec) => void,
  noticedBy: string[],
  equivalent?: string,
): Fault {
  const suppressed = noticedBy.filter((id) => op.suppress?.[id] !== undefined);
  const unobservable = !noticedBy.some((id) => id.includes('*')) && noticedBy.length > 0 && suppressed.length === noticedBy.length;
  const reason =
    equivalent ??
    (unobservable ? `the case that would notice it is left out of the table: ${suppressed.map((id) => `${id} (${op.suppress![id]})`).join('; ')}` : undefined);
  return {
    description,
    apply: onOperation(op.operation, (spec) => withMember(spec, path, change)),
    observers: [`${path}.*`, `${path}[]*`],
    ...(reason ? { equivalent: reason } : {}),
  };
}

/** Every member inside `spec` in case-id form, as the generator names them: structure members, scalar list items (`X[]`), map keys and values. */
function walk(spec: MemberSpec, path: string, visit: (member: MemberSpec, path: string) => void): void {
  const enter = (child: MemberSpec, childPath: string, own: boolean) => {
    if (own) visit(child, childPath);
    walk(child, childPath, visit);
  };
  if (spec.type === 'list' && spec.item) enter(spec.item, `${path}[]`, spec.item.type !== 'structure');
  if (spec.type === 'map') {
    if (spec.key) enter(spec.key, `${path}.$key`, true);
    if (spec.value) enter(spec.value, `${path}.$value`, true);
  }
  if (spec.type === 'structure') for (const [name, child] of Object.entries(spec.members ?? {})) enter(child, path ? `${path}.${name}` : name, true);
}

/** The id of the boundary case that notices a limit moved by `delta` (`+1` loosens a max, `-1` loosens a min). */
function boundaryCase(path: string, kind: LimitKind, bound: Bound, value: number, delta: number, float: boolean): string {
  const step = kind === 'range' && float ? 0.1 : 1;
  const at = (n: number) => `${path}.${kind}.${Number(n.toFixed(6))}`;
  if (bound === 'max') return delta > 0 ? at(value + step) : at(value);
  return delta < 0 ? at(value - step) : at(value);
}

/**
 * Faults derived from the spec: every limit off by one in each direction, every required member, pattern and
 * enum not enforced, every documented rule and default ignored. Named `<member path>.<kind>.<bound><+1|-1>`,
 * `<path>.required-ignored`, `<path>.pattern-ignored`, `<path>.enum-ignored`, `<path>.default-ignored`,
 * `<rule path>.<rule id>-ignored`.
 */
function specDerivedFaults(op: OperationSpec): Record<string, Fault> {
  const faults: Record<string, Fault> = {};
  walk(op.input, '', (member, path) => {
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
            op,
            path,
            `${path} ${kind} ${bound} is ${changed} instead of ${value}`,
            (m) => {
              (m[kind] as Record<Bound, number>)[bound] = changed;
            },
            [boundaryCase(path, kind, bound, value, delta, member.type === 'float')],
            equivalent,
          );
        }
      }
    }
    if (member.required) faults[`${path}.required-ignored`] = specFault(op, path, `${path} may be left out`, (m) => delete m.required, [`${path}.required`]);
    if (member.pattern) {
      const p = `${path}.pattern-ignored`;
      faults[p] = specFault(op, path, `${path} pattern is not enforced`, (m) => delete m.pattern, [`${path}.pattern.*`], member.pattern.untestable);
    }
    if (member.enum)
      faults[`${path}.enum-ignored`] = specFault(op, path, `${path} accepts values outside its enum`, (m) => delete m.enum, [`${path}.enum.invalid`]);
    if (member.default) {
      faults[`${path}.default-ignored`] = {
        description: `${path} is stored without its documented default (${JSON.stringify(member.default.value)}) when left out`,
        observers: ['behaviour.*'],
        apply: onOperation(op.operation, (spec) => withMember(spec, path, (m) => delete m.default)),
      };
    }
  });
  for (const rule of op.rules ?? []) {
    faults[`${rule.path}.${rule.id}-ignored`] = {
      description: `the documented rule ${rule.id} (${rule.kind}) is not enforced: "${rule.clause.text}"`,
      apply: onOperation(op.operation, (spec) => ({ ...spec, rules: (spec.rules ?? []).filter((r) => r.id !== rule.id) })),
      observers: [`${rule.path}.${rule.id}.*`],
    };
  }
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

/** Cases that see how a target rejects: the name's, which every profile has. */
const REJECTIONS = ['EndpointConfigName.*'];
/** Cases that see the ARN a create returns. */
const ARNS = ['*.baseline', 'EndpointConfigArn.*'];

/** Faults in behaviour rather than in a single constraint; each names the cases built to notice it. */
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
    'duplicates-accepted': {
      observers: ['behaviour.duplicate-name'],
      description: 'a create with an existing name overwrites it',
      apply: (b) => ({ ...b, rejectDuplicates: false }),
    },
    'unknown-references-accepted': {
      observers: ['*.not-found'],
      description: 'a variant naming a model that does not exist is accepted',
      apply: (b) => ({ ...b, rejectUnknownReferences: false }),
    },
    'type-errors-accepted': {
      observers: ['*.type.*'],
      description: 'values of the wrong JSON type are accepted',
      apply: (b) => ({ ...b, rejectTypeErrors: false }),
    },
    'error-code-wrong': {
      observers: REJECTIONS,
      description: 'invalid input is rejected as InvalidParameterException, not ValidationException',
      apply: (b) => ({ ...b, validationErrorCode: 'InvalidParameterException' }),
    },
    'error-status-wrong': {
      observers: REJECTIONS,
      description: 'invalid input is rejected with HTTP 422, not 400',
      apply: (b) => ({ ...b, errorStatus: 422 }),
    },
    'error-code-missing': {
      observers: REJECTIONS,
      description: 'errors carry no code (no __type, no x-amzn-ErrorType)',
      apply: (b) => ({ ...b, sendErrorCode: false }),
    },
    'error-message-missing': { observers: REJECTIONS, description: 'error bodies carry no message', apply: (b) => ({ ...b, sendErrorMessage: false }) },
    'success-status-wrong': {
      observers: ['*.baseline'],
      description: `a successful ${ops.map((op) => op.operation).join(' or ')} answers HTTP 201, not 200`,
      apply: (b) => ({ ...b, successStatus: (operation) => (ops.some((op) => op.operation === operation) ? 201 : b.successStatus(operation)) }),
    },
    'content-type-wrong': {
      observers: ['*.baseline'],
      description: 'answers are labelled text/plain, not application/x-amz-json-1.1',
      apply: (b) => ({ ...b, contentType: 'text/plain; charset=utf-8' }),
    },
    'request-id-missing': {
      observers: ['*.baseline'],
      description: 'answers carry no x-amzn-RequestId header',
      apply: (b) => ({ ...b, sendRequestId: false }),
    },
    'lengths-in-utf16-units': {
      observers: ['*.astral'],
      description: 'string lengths count UTF-16 code units instead of code points',
      apply: (b) => ({ ...b, measures: { ...b.measures, length: (s) => s.length } }),
    },
    'arn-missing': { observers: ARNS, description: "a create answers without the new resource's ARN", apply: (b) => ({ ...b, arn: () => undefined }) },
    'arn-malformed': {
      observers: ARNS,
      description: 'the returned ARN lacks its "arn:" prefix',
      apply: (b) => ({ ...b, arn: (arn, name) => b.arn(arn, name)?.replace(/^arn:/, '') }),
    },
    'arn-wrong-resource-type': {
      observers: ARNS,
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
      observers: ARNS,
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
      observers: ARNS,
      description: "the returned ARN keeps the name's case instead of writing it in lower case",
      apply: (b) => ({ ...b, arn: (arn, name) => b.arn(arn.replace(/\/[^/]*$/, `/${name}`), name) }),
    },
    'stored-numbers-rounded': {
      observers: ['behaviour.*'],
      description: 'numbers are stored rounded to whole numbers (DescribeEndpointConfig returns 1 for 0.5)',
      apply: (b) => ({ ...b, stored: (r, op) => mapNumbers(b.stored(r, op), Math.round) as Record<string, unknown> }),
    },
    'stored-lists-reversed': {
      observers: ['behaviour.*'],
      description: 'lists are stored in reverse order',
      apply: (b) => ({ ...b, stored: (r, op) => reverseLists(b.stored(r, op)) as Record<string, unknown> }),
    },
    'stored-optional-members-dropped': {
      observers: ['behaviour.*'],
      description: 'optional top-level members (KmsKeyId, Tags) are not stored',
      apply: (b) => ({
        ...b,
        stored: (r, op) => Object.fromEntries(Object.entries(b.stored(r, op)).filter(([k]) => !(optionalMembers.get(op) ?? []).includes(k))),
      }),
    },
    ...protocolFaults(),
  };
}

/** A fault in how the mock reads the wire: one protocol reading switched to a lax or wrong one. */
function wireFault(description: string, change: Partial<ProtocolBehaviour>, observers: string[]): Fault {
  return { description, observers, apply: (b) => ({ ...b, protocol: { ...b.protocol, ...change } }) };
}

/** Faults the protocol cases exist to catch: what emulators get wrong on the wire. */
function protocolFaults(): Record<string, Fault> {
  return {
    'unknown-operation-html-500': wireFault('an unknown operation gets an HTML 500 page, not UnknownOperationException', { unknownOperationHtml500: true }, [
      'protocol.unknown-operation',
      'protocol.target-*',
    ]),
    'target-case-insensitive': wireFault('X-Amz-Target is matched without regard to case', { targetCaseInsensitive: true }, ['protocol.target-*-case']),
    'null-stored-as-none': wireFault('a member sent as null is taken as the string "None" (a config named "None" is created)', { nullAsNone: true }, [
      'protocol.member-null-*',
    ]),
    'member-paths-last-segment': wireFault(
      "validation messages name only a member's last path segment (instanceType, not productionVariants.1.member.instanceType)",
      { lastSegmentPaths: true },
      ['ProductionVariants[].VariantName.*'],
    ),
    'signatures-not-checked': wireFault('a request signed with a wrong secret key is accepted', { verifySignatures: false }, ['protocol.wrong-secret']),
    'unsigned-accepted': wireFault('an unsigned request is accepted', { requireSignature: false }, ['protocol.unsigned']),
    'region-not-checked': wireFault('a request signed for another region is accepted', { checkRegion: false }, ['protocol.other-region']),
    'non-object-body-as-empty': wireFault('a JSON body that is not an object ([], 1, null) is taken as {}', { nonObjectBodyAsEmpty: true }, [
      'protocol.body-*',
    ]),
    'integers-unbounded': wireFault('integers are not held to 32 bits (2^31 is accepted)', { unboundedIntegers: true }, ['protocol.integer-*']),
    'unknown-members-rejected': wireFault('a member the operation does not have is refused instead of ignored', { rejectUnknownMembers: true }, [
      'protocol.member-unknown',
    ]),
    'content-type-parameters-rejected': wireFault('Content-Type application/x-amz-json-1.1; charset=utf-8 is refused', { rejectContentTypeParameters: true }, [
      'protocol.content-type-*',
    ]),
  };
}

/** Faults renamed, and their observers, with an operation's case-id prefix. */
function prefixed(faults: Record<string, Fault>, prefix: string): Record<string, Fault> {
  if (!prefix) return faults;
  return Object.fromEntries(
    Object.entries(faults).map(([name, fault]) => [
      `${prefix}${name}`,
      { ...fault, ...(fault.observers ? { observers: fault.observers.map((o) => `${prefix}${o}`) } : {}) },
    ]),
  );
}

/** A fault in how the mock describes, lists and deletes what it stores. */
function lifecycleFault(description: string, change: Partial<LifecycleBehaviour>, observers: string[]): Fault {
  return { description, observers, apply: (b) => ({ ...b, lifecycle: { ...b.lifecycle, ...change } }) };
}

/**
 * Faults the lifecycle cases exist to catch: what emulators get wrong after the create. Observed by the behaviour
 * cases of the list, describe and delete operations of the profile's resources (none when it has no such operations).
 */
function lifecycleFaults(ops: readonly OperationSpec[]): Record<string, Fault> {
  const have = new Set(ops.map((op) => op.operation));
  const resources = Object.values(loadService().resources).filter((r) => have.has(r.list.operation) || have.has(r.describe) || have.has(r.delete));
  const cases = (pick: (r: ResourceSpec) => string[]) =>
    resources
      .flatMap(pick)
      .filter((op) => have.has(op))
      .map((op) => `${op}.behaviour.*`);
  const listing = cases((r) => [r.list.operation, r.delete]);
  const missing = cases((r) => [r.describe, r.delete]);
  const deleted = cases((r) => [r.delete]);
  if (listing.length === 0 || missing.length === 0) return {};
  const all: Record<string, Fault> = {
    'list-name-filter-ignored': lifecycleFault('ListEndpointConfigs ignores NameContains (lists every configuration)', { filterByName: false }, listing),
    'list-time-filter-ignored': lifecycleFault('ListEndpointConfigs ignores CreationTimeAfter and CreationTimeBefore', { filterByTime: false }, listing),
    'list-sort-by-ignored': lifecycleFault('ListEndpointConfigs always sorts by creation time, whatever SortBy says', { sortBy: false }, listing),
    'list-sort-order-ignored': lifecycleFault(
      'ListEndpointConfigs always sorts ascending, whatever SortOrder says (and by default)',
      { sortOrder: false },
      listing,
    ),
    'list-page-size-ignored': lifecycleFault('ListEndpointConfigs ignores MaxResults (every configuration on one page)', { pageSize: false }, listing),
    'list-page-repeats-item': lifecycleFault("each next page of ListEndpointConfigs starts with the previous page's last item", { pageShift: -1 }, listing),
    'list-page-loses-item': lifecycleFault('each next page of ListEndpointConfigs skips one item', { pageShift: 1 }, listing),
    'missing-name-found': lifecycleFault('describing or deleting a configuration that does not exist answers 200', { missingFound: true }, missing),
    'delete-keeps-resource': lifecycleFault(
      'DeleteEndpointConfig answers 200 but the configuration stays describable and listed',
      { deleteKeeps: true },
      deleted,
    ),
    'not-found-code-wrong': lifecycleFault(
      'a name that does not exist is answered ResourceNotFound, not ValidationException',
      { notFoundCode: 'ResourceNotFound' },
      missing,
    ),
  };
  return Object.fromEntries(Object.entries(all).filter(([, fault]) => fault.observers!.length > 0));
}

const cache = new Map<string, Record<string, Fault>>();

/** Every fault the mock knows for a spec profile: spec-derived ones for each operation with a spec, then behaviour faults. */
export function knownFaults(profile?: string): Record<string, Fault> {
  const { name, dir } = loadProfile(profile);
  let faults = cache.get(name);
  if (!faults) {
    const ops = listOperations(dir).map((op) => loadOperation(op, dir));
    const primary = loadProfile(profile).primary;
    // An operation after the table's first names its cases, and so its faults and their observers, with its name first.
    const derived = ops.map((op) => prefixed(specDerivedFaults(op), op.operation === primary ? '' : `${op.operation}.`));
    faults = Object.assign({}, ...derived, behaviourFaults(ops), lifecycleFaults(ops)) as Record<string, Fault>;
    cache.set(name, faults);
  }
  return faults;
}

/** The spec's behaviour with the named faults (of the profile's fault list) switched on. */
export function behaviourWithFaults(names: readonly string[], profile?: string): MockBehaviour {
  const faults = knownFaults(profile);
  return names.reduce((behaviour, name) => {
    const fault = faults[name];
    if (!fault) throw new UnknownFaultError(`unknown fault "${name}"; 'sagemaker-conformance mock --list-faults' lists them`);
    return fault.apply(behaviour);
  }, specBehaviour);
}
