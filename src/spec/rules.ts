import type { MemberConstraints, OperationSpec, RuleSpec } from './types';
import { setAt, stepsOf, valuesAt } from './member-path';
import { clone, expand, type TemplateVars } from './values';
import { ruleKindOf } from './kinds/registry';
import type { Violation } from './violation';

export { valuesAt };

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

/**
 * Makes a documented rule hold (`keep`) or break (`break`) in a request (a template: `vars` fill what is set),
 * changing only what the rule is about, as the rule's own module says.
 */
export function applyRule(op: OperationSpec, request: Record<string, unknown>, rule: RuleSpec, decision: 'keep' | 'break', vars: TemplateVars): void {
  const kind = ruleKindOf(rule);
  if (!kind.apply) return;
  const holders = (path: string): Record<string, unknown>[] => {
    const parent = path.split('.').slice(0, -1).join('.');
    const found = parent === '' ? [request] : valuesAt(request, parent).map((f) => f.value);
    return found.filter((h): h is Record<string, unknown> => typeof h === 'object' && h !== null && !Array.isArray(h));
  };
  kind.apply(rule, request, decision, {
    name: rule.path.split('.').at(-1)!,
    vars,
    set: (path, value) => setAt(request, stepsOf(op, path), value, vars),
    holders,
    exampleOf: (path) => expand(clone(stepsOf(op, path).at(-1)!.spec.example), { ...vars, i: 0 }),
  });
}

/** The request with every documented default filled in where the member was left out (what Describe returns). */
export function withDefaults(spec: MemberConstraints, value: unknown): unknown {
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
