import type { MemberSpec, RuleSpec } from './types';
import { ruleKindOf } from './kinds/registry';
import type { Violation } from './violation';

export { valuesAt } from './member-path';

/** Every place the request breaks a rule (empty when it keeps them all), each found by its kind's module. */
export function ruleViolations(rules: readonly RuleSpec[], request: Record<string, unknown>): Violation[] {
  return rules.flatMap((rule) =>
    ruleKindOf(rule)
      .violations(rule, request)
      .map(({ at, positions, value, constraint, verbatim }): Violation => ({
        at,
        member: rule.path,
        positions,
        kind: 'rule',
        rule: rule.id,
        clause: rule.clause,
        value,
        constraint,
        ...(verbatim !== undefined ? { verbatim } : {}),
      })),
  );
}

/** The request with every documented default filled in where the member was left out (what Describe returns). */
export function withDefaults(spec: MemberSpec, value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return spec.item ? value.map((v) => withDefaults(spec.item!, v)) : value;
  if (spec.type !== 'structure') return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [name, member] of Object.entries(spec.members ?? {})) {
    if (out[name] === undefined && member.default !== undefined) out[name] = structuredClone(member.default.value);
    else if (out[name] !== undefined) out[name] = withDefaults(member, out[name]);
  }
  return out;
}
