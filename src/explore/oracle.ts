import type { Clause, MemberConstraints, OperationSpec, StepExpectation } from '../spec/types';
import { awsPathStep, memberAtAwsPath } from '../spec/member-path';
import { reject } from '../cases/draft';
import { rejectFor } from '../cases/rules';
import { specMeasures, validateInput } from '../spec/validate';
import { kindsWith } from '../spec/kinds/registry';
import { namedAt, violationText, type Violation } from '../spec/wording';
import { ruleViolations } from '../spec/rules';
import type { ViolationKind } from '../report/explore-types';

export type { ViolationKind as FaultKind };

/** One reason the reference validator rejects a request: where, which kind of rule, and the clause it rests on. */
export interface OracleFault {
  /** The member as AWS's messages write it: `productionVariants.2.member.instanceType`. */
  at: string;
  /** The member in case-id form: `ProductionVariants[].InstanceType`. */
  member: string;
  kind: ViolationKind;
  /** For a documented rule: its id. */
  rule?: string;
  clause: Clause;
  /** The validator's own words. */
  message: string;
}

/** What the reference validator says a target must answer to one request, and why. */
export type OracleVerdict = { outcome: 'accept'; expect: StepExpectation } | { outcome: 'reject'; expect: StepExpectation; faults: OracleFault[] };

/** The resources that exist on the target when a request is sent: names a reference may name. */
export type KnownResources = ReadonlyMap<string, ReadonlySet<string>>;

/** The member at an AWS message path (`tags.1.member.key`), with its case-id path; undefined for a path the spec lacks. */
export const memberAt = memberAtAwsPath;

/** A validation record as the oracle reports it: the record's facts and the validator's own words. */
function faultOf(op: OperationSpec, v: Violation): OracleFault {
  return {
    at: namedAt(v),
    member: v.member,
    kind: v.kind,
    ...(v.rule !== undefined ? { rule: v.rule } : {}),
    clause: v.clause ?? op.typeErrors.clause,
    message: violationText(v),
  };
}

/**
 * Members holding a value the protocol cannot read (of the wrong JSON type), as each kind of the registry tells them;
 * the innermost such member where one holds the other.
 */
function unreadableFaults(op: OperationSpec, spec: MemberConstraints, value: unknown, at: string, out: OracleFault[]): void {
  if (value === undefined || value === null) return;
  for (const kind of kindsWith('unreadable')) {
    const message = kind.unreadable?.(spec, value, specMeasures);
    if (message === undefined) continue;
    out.push({ at, member: memberAt(op, at)?.id ?? at, kind: kind.name, clause: kind.clause?.(spec) ?? op.typeErrors.clause, message });
    return;
  }
  if (spec.type === 'list' && Array.isArray(value) && spec.item) value.forEach((v, i) => unreadableFaults(op, spec.item!, v, awsPathStep(at, i), out));
  if (spec.type === 'structure' && typeof value === 'object' && !Array.isArray(value)) {
    for (const [name, member] of Object.entries(spec.members ?? {})) {
      unreadableFaults(op, member, (value as Record<string, unknown>)[name], awsPathStep(at, name), out);
    }
  }
  if (spec.type === 'map' && typeof value === 'object' && !Array.isArray(value) && spec.value) {
    for (const v of Object.values(value as Record<string, unknown>)) unreadableFaults(op, spec.value, v, awsPathStep(at, '$value'), out);
  }
}

/**
 * The reference validator's verdict on one concrete request: the checks the reference mock applies, in its order
 * (JSON types, then every constraint, then the documented rules, then references to other resources), read into
 * what the target must answer and which members are at fault. The expectation is the one the table's own cases
 * use for the same kind, so the judge holds an explored request to exactly the table's standard.
 */
export function oracle(op: OperationSpec, request: Record<string, unknown>, known: KnownResources): OracleVerdict {
  const result = validateInput(op.input, request);
  if (result.kind === 'type-error') {
    const faults: OracleFault[] = [];
    unreadableFaults(op, op.input, request, '', faults);
    return {
      outcome: 'reject',
      faults,
      expect: reject(op.typeErrors.codes, undefined, { paths: faults.map((f) => f.at), whenUnnamed: 'fail', forCodes: ['ValidationException'] }),
    };
  }
  const faults = result.kind === 'invalid' ? result.violations.map((v) => faultOf(op, v)) : [];
  // Rule by rule (two rules may share an id, on two paths), each violation with the rule that found it.
  const brokenRules = (op.rules ?? []).flatMap((rule) => ruleViolations([rule], request).map((violation) => ({ rule, violation })));
  const broken = brokenRules.map(({ violation }) => faultOf(op, violation));
  if (faults.length > 0) {
    // A target may report a broken rule beside (or before) a broken constraint: either names a member at fault.
    const paths = [...faults, ...broken].map((f) => f.at).filter((at) => at !== '');
    return { outcome: 'reject', faults: [...faults, ...broken], expect: reject(['ValidationException'], undefined, { paths, whenUnnamed: 'fail' }) };
  }
  if (broken.length > 0) {
    const rules = brokenRules.map((b) => b.rule);
    const expectations = rules.map(rejectFor);
    // Any member any broken rule is about may be named, at the request's own positions too.
    const paths = [
      ...new Set([
        ...expectations.flatMap((e) => (e.outcome === 'reject' ? (e.member?.paths ?? []) : [])),
        ...broken.map((f) => f.at).filter((at) => at !== ''),
      ]),
    ];
    const messageIncludes = new Set(rules.map((r) => r.id)).size === 1 ? rules[0]!.messageIncludes : undefined;
    const expect: StepExpectation = {
      outcome: 'reject',
      status: 400,
      errorCodes: ['ValidationException'],
      ...(messageIncludes ? { messageIncludes } : {}),
      member: { paths, whenUnnamed: 'pass' },
    };
    return { outcome: 'reject', faults: broken, expect };
  }
  const missing = missingFaults(op, request, known);
  if (missing.length > 0) {
    const includes = [...new Set(missing.flatMap((m) => m.messageIncludes ?? []))];
    return { outcome: 'reject', faults: missing.map((m) => m.fault), expect: reject(['ValidationException'], includes.length > 0 ? includes : undefined) };
  }
  return { outcome: 'accept', expect: { outcome: 'accept' } };
}

/**
 * Whether a member or anything below it has a constraint a kind enforces against what exists on the target (a kind
 * with `missing` has a clause at such a member): kept per spec object, checked once, asked per request.
 */
const mayBeMissing = new WeakMap<MemberConstraints, boolean>();
function mayMiss(spec: MemberConstraints): boolean {
  let holds = mayBeMissing.get(spec);
  if (holds === undefined) {
    holds =
      kindsWith('missing').some((k) => k.clause?.(spec) !== undefined) ||
      (spec.item ? mayMiss(spec.item) : false) ||
      Object.values(spec.members ?? {}).some(mayMiss);
    mayBeMissing.set(spec, holds);
  }
  return holds;
}

/** What the request names that does not exist, as each kind of the registry tells it, with where it is (walked as the mock walks references). */
function missingFaults(op: OperationSpec, request: Record<string, unknown>, known: KnownResources): { fault: OracleFault; messageIncludes?: string[] }[] {
  const out: { fault: OracleFault; messageIncludes?: string[] }[] = [];
  const kinds = kindsWith('missing');
  const walk = (spec: MemberConstraints, value: unknown, at: string) => {
    // Per request, only the branches that can hold such a constraint are walked (their paths are built as they go).
    if (value === undefined || value === null || !mayMiss(spec)) return;
    for (const kind of kinds) {
      const missing = kind.missing?.(spec, value, known);
      if (!missing) continue;
      const clause = kind.clause?.(spec) ?? op.typeErrors.clause;
      const fault: OracleFault = { at, member: memberAt(op, at)?.id ?? at, kind: kind.name, clause, message: missing.message };
      out.push({ fault, ...(missing.messageIncludes ? { messageIncludes: missing.messageIncludes } : {}) });
    }
    if (spec.type === 'list' && Array.isArray(value) && spec.item) value.forEach((v, i) => walk(spec.item!, v, awsPathStep(at, i)));
    if (spec.type === 'structure' && typeof value === 'object' && !Array.isArray(value)) {
      for (const [name, member] of Object.entries(spec.members ?? {})) {
        walk(member, (value as Record<string, unknown>)[name], awsPathStep(at, name));
      }
    }
  };
  walk(op.input, request, '');
  return out;
}
