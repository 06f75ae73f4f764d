import type { Clause, MemberConstraints, RuleSpec } from '../types';
import type { ConstraintKind, RuleKind } from './kind';
import { required } from './required';
import { length } from './length';
import { count } from './count';
import { range } from './range';
import { pattern } from './pattern';
import { enumKind } from './enum';
import { reference } from './reference';
import { type } from './type';
import { multipleOf } from './rules/multiple-of';
import { notGreaterThan } from './rules/not-greater-than';
import { exactlyOneOf } from './rules/exactly-one-of';
import { unsupported } from './rules/unsupported';
import { unique } from './rules/unique';
import { mustContain } from './rules/must-contain';
import { maxItemsWhen } from './rules/max-items-when';
import { forbiddenWith } from './rules/forbidden-with';
import { excludes } from './rules/excludes';

/**
 * Every kind of constraint on a member, in the order a member's cases are made and its constraints checked. A new
 * kind is a module beside these and a line here; `registerMemberKind` adds one at run time (a test's toy kind).
 */
export const MEMBER_KINDS: ConstraintKind[] = [required, length, count, range, pattern, enumKind, reference, type];

/** Every kind of documented rule, by the `kind` its contract entries name. */
export const RULE_KINDS: Record<string, RuleKind> = Object.fromEntries(
  [multipleOf, notGreaterThan, exactlyOneOf, unsupported, unique, mustContain, maxItemsWhen, forbiddenWith, excludes].map((k) => [
    k.kind,
    k as unknown as RuleKind,
  ]),
);

/** The clause of a member's first constraint, by the registry's order (a member with none: undefined). */
export function clauseOfMember(spec: MemberConstraints): Clause | undefined {
  for (const kind of MEMBER_KINDS) {
    const clause = kind.clause?.(spec);
    if (clause) return clause;
  }
  return undefined;
}

/** The kinds of constraint a request can break at this member, in the registry's order. */
export function breakableKinds(spec: MemberConstraints): string[] {
  return MEMBER_KINDS.filter((k) => (k.breakable ? k.breakable(spec) : k.clause?.(spec) !== undefined)).map((k) => k.name);
}

const withHook = new Map<keyof ConstraintKind, ConstraintKind[]>();

/** The kinds that declare `hook`, in the registry's order: what a walk over every member of a request asks at each. */
export function kindsWith(hook: keyof ConstraintKind): readonly ConstraintKind[] {
  let kinds = withHook.get(hook);
  if (!kinds) {
    kinds = MEMBER_KINDS.filter((k) => k[hook] !== undefined);
    withHook.set(hook, kinds);
  }
  return kinds;
}

/** Adds a kind after the others (its cases come after theirs); the name must be new. */
export function registerMemberKind(kind: ConstraintKind): void {
  if (MEMBER_KINDS.some((k) => k.name === kind.name)) throw new Error(`a member kind named ${kind.name} is registered already`);
  MEMBER_KINDS.push(kind);
  withHook.clear();
}

/** Adds a kind of documented rule (a test's toy rule); the kind must be new. */
export function registerRuleKind(kind: RuleKind): void {
  if (RULE_KINDS[kind.kind] !== undefined) throw new Error(`a rule kind named ${kind.kind} is registered already`);
  RULE_KINDS[kind.kind] = kind;
}

/** The kind of a documented rule; throws for a kind no module knows. */
export function ruleKindOf(rule: RuleSpec): RuleKind {
  const kind = RULE_KINDS[rule.kind];
  if (!kind)
    throw new Error(`no module knows the documented-rule kind ${JSON.stringify(rule.kind)}: add one under src/spec/kinds/rules/ and a line in the registry`);
  return kind;
}
