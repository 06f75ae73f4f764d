import type { Clause, MemberSpec, OperationSpec, StepExpectation } from '../spec/types';
import { awsPathStep, memberAtAwsPath, specAt } from '../spec/member-path';
import { reject } from '../cases/draft';
import { rejectFor } from '../cases/rules';
import { referencesIn, validateInput } from '../spec/validate';
import { namedAt, violationText, type Violation } from '../spec/wording';
import { ruleViolations } from '../spec/rules';
import type { FaultKind } from '../report/explore-types';

export type { FaultKind };

/** One reason the reference validator rejects a request: where, which kind of rule, and the clause it rests on. */
export interface OracleFault {
  /** The member as AWS's messages write it: `productionVariants.2.member.instanceType`. */
  at: string;
  /** The member in case-id form: `ProductionVariants[].InstanceType`. */
  member: string;
  kind: FaultKind;
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

/** Members holding a value of the wrong JSON type, found by the validator itself, one member at a time. */
function typeFaults(op: OperationSpec, spec: MemberSpec, value: unknown, at: string, out: OracleFault[]): void {
  if (value === undefined || value === null) return;
  const alone = validateInput({ type: 'structure', members: { v: spec } }, { v: value });
  if (alone.kind !== 'type-error') return;
  const before = out.length;
  if (spec.type === 'list' && Array.isArray(value) && spec.item) value.forEach((v, i) => typeFaults(op, spec.item!, v, awsPathStep(at, i), out));
  if (spec.type === 'structure' && typeof value === 'object' && !Array.isArray(value)) {
    for (const [name, member] of Object.entries(spec.members ?? {})) {
      typeFaults(op, member, (value as Record<string, unknown>)[name], awsPathStep(at, name), out);
    }
  }
  if (spec.type === 'map' && typeof value === 'object' && !Array.isArray(value) && spec.value) {
    for (const v of Object.values(value as Record<string, unknown>)) typeFaults(op, spec.value, v, awsPathStep(at, '$value'), out);
  }
  if (out.length === before) {
    out.push({ at, member: memberAt(op, at)?.id ?? at, kind: 'type', clause: op.typeErrors.clause, message: alone.message });
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
    typeFaults(op, op.input, request, '', faults);
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
  const missing = referenceFaults(op, request, known);
  if (missing.length > 0) {
    const includes = [...new Set(missing.flatMap((m) => specAt(op, m.member)?.references?.messageIncludes ?? []))];
    return { outcome: 'reject', faults: missing, expect: reject(['ValidationException'], includes.length > 0 ? includes : undefined) };
  }
  return { outcome: 'accept', expect: { outcome: 'accept' } };
}

/** Whether a member or anything below it names another resource (kept per spec object: checked once, asked per request). */
const holdsReferences = new WeakMap<MemberSpec, boolean>();
function mayReference(spec: MemberSpec): boolean {
  let holds = holdsReferences.get(spec);
  if (holds === undefined) {
    holds = Boolean(spec.references) || (spec.item ? mayReference(spec.item) : false) || Object.values(spec.members ?? {}).some(mayReference);
    holdsReferences.set(spec, holds);
  }
  return holds;
}

/** Values naming a resource that does not exist, with where they are (walked as the mock walks them). */
function referenceFaults(op: OperationSpec, request: Record<string, unknown>, known: KnownResources): OracleFault[] {
  const faults: OracleFault[] = [];
  const walk = (spec: MemberSpec, value: unknown, at: string) => {
    // Per request, only the branches that can hold a reference are walked (their paths are built as they go).
    if (value === undefined || value === null || !mayReference(spec)) return;
    if (spec.references && typeof value === 'string') {
      if (referencesIn(spec, value).length > 0 && !known.get(spec.references.resource)?.has(value.toLowerCase())) {
        const member = memberAt(op, at)?.id ?? at;
        faults.push({
          at,
          member,
          kind: 'reference',
          clause: spec.references.clause,
          message: `${spec.references.resource} ${JSON.stringify(value)} does not exist`,
        });
      }
      return;
    }
    if (spec.type === 'list' && Array.isArray(value) && spec.item) value.forEach((v, i) => walk(spec.item!, v, awsPathStep(at, i)));
    if (spec.type === 'structure' && typeof value === 'object' && !Array.isArray(value)) {
      for (const [name, member] of Object.entries(spec.members ?? {})) {
        walk(member, (value as Record<string, unknown>)[name], awsPathStep(at, name));
      }
    }
  };
  walk(op.input, request, '');
  return faults;
}
