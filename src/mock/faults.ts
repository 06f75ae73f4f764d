import { loadOperation, listOperations, loadService } from '../spec/load';
import { loadEdition } from '../spec/editions';
import { eachMember, idOf, isWithin, stepsOf } from '../spec/member-path';
import type { Violation } from '../spec/violation';
import { MEMBER_KINDS, ruleKindOf } from '../spec/kinds/registry';
import type { CombinationFault, KindFault } from '../spec/kinds/kind';
import type { MemberConstraints, OperationSpec, ResourceSpec, ServiceSpec } from '../spec/types';
import { specBehaviour, type MockBehaviour, type ProtocolBehaviour } from './behaviour';
import type { LifecycleBehaviour } from './lifecycle';
import { BadInputError } from '../errors';
import { globToRegExp } from '../io/glob';

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
   * The cases that can notice the fault, by their facts; the self-test runs only those (a subset of the table can
   * only miss what the whole table would catch, never the reverse). Absent: the whole table.
   */
  observers?: CaseSelector[];
  /**
   * Set for a fault in the delete operation itself: why the run cannot delete everything it made on such a mock
   * (the self-test then does not count what is left as the suite's failure to clean up).
   */
  leaves?: string;
  /**
   * Set for a fault only a combination of members reveals (a check skipped on any variant but the first): why no
   * case of the table, which changes one member of one baseline request, can see it. The self-test's battery leaves
   * such faults out; `explore` is what finds them (test/explore/power.test.ts).
   */
  combination?: string;
}

/**
 * Cases chosen by what they are about: every field given must hold. `under` takes the member's cases and those of
 * members inside it; `id` names one case (a behaviour or protocol case; `*` matches any run of characters).
 */
export interface CaseSelector {
  /** Only cases of this operation. */
  operation?: string;
  under?: string;
  kind?: string;
  group?: string;
  label?: string;
  rule?: string;
  id?: string;
}

/** What a selector needs of a case. */
export interface SelectableCase {
  id: string;
  operation?: string;
  kind: string;
  group: string;
  facts: { member?: string; label?: string; rule?: string };
}

export function selects(selector: CaseSelector, c: SelectableCase): boolean {
  const member = c.facts.member;
  if (selector.under !== undefined && !(member !== undefined && isWithin(member, selector.under))) return false;
  if (selector.operation !== undefined && c.operation !== selector.operation) return false;
  if (selector.kind !== undefined && c.kind !== selector.kind) return false;
  if (selector.group !== undefined && c.group !== selector.group) return false;
  if (selector.label !== undefined && c.facts.label !== selector.label) return false;
  if (selector.rule !== undefined && c.facts.rule !== selector.rule) return false;
  if (selector.id !== undefined && !globToRegExp(selector.id).test(c.id)) return false;
  return true;
}

export class UnknownFaultError extends BadInputError {
  override name = 'UnknownFaultError';
}

/** A copy of the operation's spec with one member changed. */
function withMember(op: OperationSpec, path: string, change: (member: MemberConstraints) => void): OperationSpec {
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
 * A fault that changes one member's constraint, as the constraint's kind breaks it. If every case that would notice
 * it is left out of the table, with its reason, no request of the table tells the fault from the spec, and the fault
 * says so instead of counting as missed. The battery runs the member's own cases.
 */
function specFault(op: OperationSpec, path: string, fault: KindFault): Fault {
  const noticedBy = fault.noticedBy.map((suffix) => `${path}.${suffix}`);
  const suppressed = noticedBy.filter((id) => op.suppress !== undefined && Object.hasOwn(op.suppress, id));
  const unobservable = noticedBy.length > 0 && suppressed.length === noticedBy.length;
  const reason =
    fault.equivalent ??
    (unobservable ? `the case that would notice it is left out of the table: ${suppressed.map((id) => `${id} (${op.suppress![id]})`).join('; ')}` : undefined);
  return {
    description: fault.description,
    apply: onOperation(op.operation, (spec) => withMember(spec, path, fault.change)),
    observers: [{ under: path }],
    ...(reason ? { equivalent: reason } : {}),
  };
}

/**
 * Faults derived from the spec: each kind of constraint broken as its module says (every limit off by one in each
 * direction, every required member, pattern and enum not enforced), every documented rule and default ignored.
 * Named `<member path>.<kind>.<bound><+1|-1>`, `<path>.required-ignored`, `<path>.pattern-ignored`,
 * `<path>.enum-ignored`, `<path>.default-ignored`, `<rule path>.<rule id>-ignored`.
 */
export function specDerivedFaults(op: OperationSpec): Record<string, Fault> {
  const faults: Record<string, Fault> = {};
  eachMember([], op.input, (steps) => {
    const path = idOf(steps);
    const member = steps.at(-1)!.spec;
    for (const kind of MEMBER_KINDS) for (const fault of kind.faults?.(member, path) ?? []) faults[`${path}.${fault.suffix}`] = specFault(op, path, fault);
    if (member.default) {
      faults[`${path}.default-ignored`] = {
        description: `${path} is stored without its documented default (${JSON.stringify(member.default.value)}) when left out`,
        observers: [{ kind: 'behaviour' }],
        apply: onOperation(op.operation, (spec) => withMember(spec, path, (m) => delete m.default)),
      };
    }
  });
  for (const rule of op.rules ?? []) {
    faults[`${rule.path}.${rule.id}-ignored`] = {
      description: `the documented rule ${rule.id} (${rule.kind}) is not enforced: "${rule.clause.text}"`,
      apply: onOperation(op.operation, (spec) => ({ ...spec, rules: (spec.rules ?? []).filter((r) => r.id !== rule.id || r.path !== rule.path) })),
      observers: [{ under: rule.path, rule: rule.id }],
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

/** Faults in what the mock checks at all: duplicates, references to what does not exist, JSON types. */
function checkFaults(): Record<string, Fault> {
  return {
    'duplicates-accepted': {
      observers: [{ id: 'behaviour.duplicate-name' }],
      description: 'a create with an existing name overwrites it',
      apply: (b) => ({ ...b, rejectDuplicates: false }),
    },
    'unknown-references-accepted': {
      observers: [{ kind: 'reference' }],
      description: 'a member naming a resource that does not exist is accepted',
      apply: (b) => ({ ...b, rejectUnknownReferences: false }),
    },
    'type-errors-accepted': {
      observers: [{ kind: 'type' }],
      description: 'values of the wrong JSON type are accepted',
      apply: (b) => ({ ...b, rejectTypeErrors: false }),
    },
  };
}

/** Faults in how the mock rejects; seen by the cases about the created resource's name, which every edition has. */
function errorFaults(created: readonly ResourceSpec[]): Record<string, Fault> {
  const REJECTIONS: CaseSelector[] = created.map((r) => ({ under: r.nameMember }));
  return {
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
    'error-type-in-header-only': {
      observers: REJECTIONS,
      description: 'errors name their code only in an x-amzn-ErrorType header, with no __type in the body',
      apply: (b) => ({ ...b, errorTypeInBody: false }),
    },
    'error-message-missing': { observers: REJECTIONS, description: 'error bodies carry no message', apply: (b) => ({ ...b, sendErrorMessage: false }) },
  };
}

/** Faults in every answer: its status, its labels, and how lengths are counted. */
function answerFaults(ops: readonly OperationSpec[]): Record<string, Fault> {
  return {
    'success-status-wrong': {
      observers: [{ kind: 'baseline' }],
      description: `a successful ${ops.map((op) => op.operation).join(' or ')} answers HTTP 201, not 200`,
      apply: (b) => ({ ...b, successStatus: (operation) => (ops.some((op) => op.operation === operation) ? 201 : b.successStatus(operation)) }),
    },
    'content-type-wrong': {
      observers: [{ kind: 'baseline' }],
      description: 'answers are labelled text/plain, not application/x-amz-json-1.1',
      apply: (b) => ({ ...b, contentType: 'text/plain; charset=utf-8' }),
    },
    'request-id-missing': {
      observers: [{ kind: 'baseline' }],
      description: 'answers carry no x-amzn-RequestId header',
      apply: (b) => ({ ...b, sendRequestId: false }),
    },
    'lengths-in-utf16-units': {
      observers: [{ label: 'astral' }],
      description: 'string lengths count UTF-16 code units instead of code points',
      apply: (b) => ({ ...b, measures: { ...b.measures, length: (s) => s.length } }),
    },
  };
}

/** Faults in the ARN a create returns; seen by the baseline and the behaviour cases about the ARN. */
function arnFaults(created: readonly ResourceSpec[], service: ServiceSpec): Record<string, Fault> {
  const ARNS: CaseSelector[] = [{ kind: 'baseline' }, ...created.map((r) => ({ kind: 'behaviour', group: r.arnMember }))];
  const arnTypes = Object.values(service.resources).map((r) => r.arnType);
  return {
    'arn-missing': { observers: ARNS, description: "a create answers without the new resource's ARN", apply: (b) => ({ ...b, arn: () => undefined }) },
    'arn-malformed': {
      observers: ARNS,
      description: 'the returned ARN lacks its "arn:" prefix',
      apply: (b) => ({ ...b, arn: (arn, name) => b.arn(arn, name)?.replace(/^arn:/, '') }),
    },
    'arn-wrong-resource-type': {
      observers: ARNS,
      description: `the returned ARN names the wrong resource type (another of ${arnTypes.map((t) => `${t}/`).join(', ')})`,
      apply: (b) => ({
        ...b,
        arn: (arn, name) =>
          b.arn(
            arn.replace(/:([a-z-]+)\//, (_, type: string) => `:${arnTypes.find((t) => t !== type) ?? `not-${type}`}/`),
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
    'arn-names-another-resource': {
      observers: ARNS,
      description: "the returned ARN names someone else's resource (team-prod-config, team-prod-model), not the one sent",
      apply: (b) => ({
        ...b,
        arn: (arn, name) => b.arn(arn.replace(/\/[^/]*$/, arn.includes(':model/') ? '/team-prod-model' : '/team-prod-config'), name),
      }),
    },
    'arn-name-case-kept': {
      observers: ARNS,
      description: "the returned ARN keeps the name's case instead of writing it in lower case",
      apply: (b) => ({ ...b, arn: (arn, name) => b.arn(arn.replace(/\/[^/]*$/, `/${name}`), name) }),
    },
  };
}

/** Faults in what the mock stores and describes back. */
function storedFaults(ops: readonly OperationSpec[], created: readonly ResourceSpec[]): Record<string, Fault> {
  const describes = created.map((r) => r.describe).join(' or ');
  const optionalMembers = new Map(
    ops.map((op) => [
      op.operation,
      Object.entries(op.input.members ?? {})
        .filter(([, m]) => !m.required)
        .map(([k]) => k),
    ]),
  );
  return {
    'stored-numbers-rounded': {
      observers: [{ kind: 'behaviour' }],
      description: `numbers are stored rounded to whole numbers (${describes} returns 1 for 0.5)`,
      apply: (b) => ({ ...b, stored: (r, op) => mapNumbers(b.stored(r, op), Math.round) as Record<string, unknown> }),
    },
    'stored-lists-reversed': {
      observers: [{ kind: 'behaviour' }],
      description: 'lists are stored in reverse order',
      apply: (b) => ({ ...b, stored: (r, op) => reverseLists(b.stored(r, op)) as Record<string, unknown> }),
    },
    'stored-optional-members-dropped': {
      observers: [{ kind: 'behaviour' }],
      description: `optional top-level members (${[...optionalMembers.values()].flat().join(', ')}) are not stored`,
      apply: (b) => ({
        ...b,
        stored: (r, op) => Object.fromEntries(Object.entries(b.stored(r, op)).filter(([k]) => !(optionalMembers.get(op) ?? []).includes(k))),
      }),
    },
  };
}

/** Cases whose rejection must name a member inside a structure: the first nested member each operation requires. */
function nestedRequired(ops: readonly OperationSpec[]): CaseSelector[] {
  return ops.flatMap((op) => {
    let first: string | undefined;
    eachMember([], op.input, (steps) => {
      if (first === undefined && steps.length > 1 && steps.at(-1)!.spec.required) first = idOf(steps);
    });
    return first ? [{ under: first }] : [];
  });
}

/** Faults in behaviour rather than in a single constraint; each names the cases built to notice it. */
function behaviourFaults(ops: readonly OperationSpec[], service: ServiceSpec): Record<string, Fault> {
  const created = ops.flatMap((op) => (op.creates && service.resources[op.creates] ? [service.resources[op.creates]!] : []));
  return {
    ...checkFaults(),
    ...errorFaults(created),
    ...answerFaults(ops),
    ...arnFaults(created, service),
    ...storedFaults(ops, created),
    ...protocolFaults(nestedRequired(ops)),
  };
}

/** A fault in how the mock reads the wire: one protocol reading switched to a lax or wrong one. */
function wireFault(description: string, change: Partial<ProtocolBehaviour>, observers: CaseSelector[]): Fault {
  return { description, observers, apply: (b) => ({ ...b, protocol: { ...b.protocol, ...change } }) };
}

/** Faults the protocol cases exist to catch: what emulators get wrong on the wire. */
function protocolFaults(nested: CaseSelector[]): Record<string, Fault> {
  return {
    'unknown-operation-html-500': wireFault('an unknown operation gets an HTML 500 page, not UnknownOperationException', { unknownOperationHtml500: true }, [
      { id: 'protocol.unknown-operation' },
      { id: 'protocol.target-*' },
    ]),
    'target-case-insensitive': wireFault('X-Amz-Target is matched without regard to case', { targetCaseInsensitive: true }, [{ id: 'protocol.target-*-case' }]),
    'null-stored-as-none': wireFault('a member sent as null is taken as the string "None" (a config named "None" is created)', { nullAsNone: true }, [
      { id: 'protocol.member-null-*' },
    ]),
    'member-paths-last-segment': wireFault(
      "validation messages name only a member's last path segment (instanceType, not productionVariants.1.member.instanceType)",
      { lastSegmentPaths: true },
      nested,
    ),
    'signatures-not-checked': wireFault('a request signed with a wrong secret key is accepted', { verifySignatures: false }, [{ id: 'protocol.wrong-secret' }]),
    'unsigned-accepted': wireFault('an unsigned request is accepted', { requireSignature: false }, [{ id: 'protocol.unsigned' }]),
    'unsigned-status-401': wireFault('an unsigned request is refused with HTTP 401, neither 400 nor 403', { unsignedStatus: 401 }, [
      { id: 'protocol.unsigned' },
    ]),
    'region-not-checked': wireFault('a request signed for another region is accepted', { checkRegion: false }, [{ id: 'protocol.other-region' }]),
    'non-object-body-as-empty': wireFault('a JSON body that is not an object ([], 1, null) is taken as {}', { nonObjectBodyAsEmpty: true }, [
      { id: 'protocol.body-*' },
    ]),
    'integers-unbounded': wireFault('integers are not held to 32 bits (2^31 is accepted)', { unboundedIntegers: true }, [{ id: 'protocol.integer-*' }]),
    'unknown-members-rejected': wireFault('a member the operation does not have is refused instead of ignored', { rejectUnknownMembers: true }, [
      { id: 'protocol.member-unknown' },
    ]),
    'content-type-parameters-rejected': wireFault('Content-Type application/x-amz-json-1.1; charset=utf-8 is refused', { rejectContentTypeParameters: true }, [
      { id: 'protocol.content-type-*' },
    ]),
  };
}

/** One operation's faults, renamed with its case-id prefix and observed only by its own cases. */
function ofOperation(faults: Record<string, Fault>, operation: string, prefix: string): Record<string, Fault> {
  return Object.fromEntries(
    Object.entries(faults).map(([name, fault]) => [
      `${prefix}${name}`,
      { ...fault, ...(fault.observers ? { observers: fault.observers.map((o) => ({ ...o, operation })) } : {}) },
    ]),
  );
}

/** A fault in how the mock describes, lists and deletes what it stores. */
function lifecycleFault(description: string, change: Partial<LifecycleBehaviour>, observers: CaseSelector[]): Fault {
  return { description, observers, apply: (b) => ({ ...b, lifecycle: { ...b.lifecycle, ...change } }) };
}

/**
 * Faults the lifecycle cases exist to catch: what emulators get wrong after the create. Observed by the behaviour
 * cases of the list, describe and delete operations of the edition's resources (none when it has no such operations).
 */
function lifecycleFaults(ops: readonly OperationSpec[], service: ServiceSpec): Record<string, Fault> {
  const have = new Set(ops.map((op) => op.operation));
  const resources = Object.values(service.resources).filter((r) => have.has(r.list.operation) || have.has(r.describe) || have.has(r.delete));
  const cases = (pick: (r: ResourceSpec) => string[]): CaseSelector[] =>
    resources
      .flatMap(pick)
      .filter((op) => have.has(op))
      .map((operation) => ({ operation, kind: 'behaviour' }));
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

/** A fault that overlooks, besides what the behaviour overlooks, each violation `test` picks. */
function overlooking(test: (request: Record<string, unknown>, violation: Violation) => boolean): Fault['apply'] {
  return (b) => ({ ...b, overlooks: (request, violation) => b.overlooks(request, violation) || test(request, violation) });
}

/** A fault only a combination reveals, as a kind's or rule's module declares it, on the violations `about` picks. */
function combinationFault(fault: CombinationFault, about: (violation: Violation) => boolean): Fault {
  return {
    description: fault.description,
    combination: fault.combination,
    apply: overlooking((request, v) => about(v) && fault.overlooks(request, v)),
  };
}

/**
 * Faults only a combination of members reveals, as each kind and rule module declares them: the table changes one
 * member of one baseline request, with one list item, so it cannot see them. One member per kind (the first in table
 * order where the kind has such a fault) and one rule per rule kind measure explore's power; more would repeat it.
 */
function combinationFaults(op: OperationSpec): Record<string, Fault> {
  const faults: Record<string, Fault> = {};
  const done = new Set<string>();
  eachMember([], op.input, (steps) => {
    const id = idOf(steps);
    for (const kind of MEMBER_KINDS) {
      const fault = done.has(kind.name) ? undefined : kind.combinationFault?.({ op, path: steps, id, spec: steps.at(-1)!.spec });
      if (!fault) continue;
      done.add(kind.name);
      faults[`${id}.${fault.suffix}`] = combinationFault(fault, (v) => v.member === id && v.kind === kind.name);
    }
  });
  for (const rule of op.rules ?? []) {
    const fault = done.has(`rule ${rule.kind}`) ? undefined : ruleKindOf(rule).combinationFault?.(rule, { op, path: stepsOf(op, rule.path) });
    if (!fault) continue;
    done.add(`rule ${rule.kind}`);
    faults[`${rule.path}.${fault.suffix}`] = combinationFault(fault, (v) => v.kind === 'rule' && v.rule === rule.id && v.member === rule.path);
  }
  return faults;
}

const cache = new Map<string, Record<string, Fault>>();

/** Every fault for these operations of the service: spec-derived ones for each (a loop over the kinds), then behaviour faults. */
export function faultsFor(ops: readonly OperationSpec[], service: ServiceSpec, primary = ops[0]?.operation): Record<string, Fault> {
  // An operation after the table's first names its cases, and so its faults, with its name first; every fault of
  // an operation's spec is observed by that operation's cases.
  const deletes = new Set(Object.values(service.resources).map((r) => r.delete));
  const derived = ops.map((op) => {
    const faults = ofOperation(specDerivedFaults(op), op.operation, op.operation === primary ? '' : `${op.operation}.`);
    if (!deletes.has(op.operation)) return faults;
    const leaves = `a fault in ${op.operation} itself: what it refuses to delete stays on the mock`;
    return Object.fromEntries(Object.entries(faults).map(([name, fault]) => [name, { ...fault, leaves }]));
  });
  return Object.assign({}, ...derived, behaviourFaults(ops, service), lifecycleFaults(ops, service), ...ops.map(combinationFaults)) as Record<string, Fault>;
}

/** Every fault the mock knows for an edition: spec-derived ones for each operation with a spec, then behaviour faults. */
export function knownFaults(edition?: string): Record<string, Fault> {
  const { name, dir } = loadEdition(edition);
  let faults = cache.get(name);
  if (!faults) {
    faults = faultsFor(
      listOperations(dir).map((op) => loadOperation(op, dir)),
      loadService(),
      loadEdition(edition).operation,
    );
    cache.set(name, faults);
  }
  return faults;
}

/** The spec's behaviour with the named faults (of the edition's fault list) switched on. */
export function behaviourWithFaults(names: readonly string[], edition?: string): MockBehaviour {
  const faults = knownFaults(edition);
  return names.reduce((behaviour, name) => {
    // Own names only: `constructor` or `__proto__` is an unknown fault, not Object's.
    const fault = Object.hasOwn(faults, name) ? faults[name] : undefined;
    if (!fault) throw new UnknownFaultError(`unknown fault "${name}"; 'sagemaker-conformance mock --list-faults' lists them`);
    return fault.apply(behaviour);
  }, specBehaviour);
}
