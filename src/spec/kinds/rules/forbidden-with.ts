import type { RuleSpec } from '../../types';
import { stepsOf, valuesAt } from '../../member-path';
import { clone, expand } from '../../values';
import { ruleViolation, type RuleKind } from '../kind';

type Rule = Extract<RuleSpec, { kind: 'forbidden-with' }>;

/** A member that cannot be given together with certain values of another. */
export const forbiddenWith: RuleKind<Rule> = {
  kind: 'forbidden-with',
  namedBy: (rule) => [rule.path, rule.when.path],
  samples(rule, { op, path }) {
    const when = stepsOf(op, rule.when.path);
    return rule.when.values.map((other) => ({
      suffix: `${String(other)}`,
      title: `together with ${rule.when.path} ${JSON.stringify(other)} is rejected`,
      expect: 'rejected' as const,
      settings: () => [
        [when, other],
        [path, rule.value],
      ],
    }));
  },
  violations(rule, request) {
    const others = valuesAt(request, rule.when.path).map((f) => f.value);
    if (!others.some((v) => rule.when.values.includes(v))) return [];
    return valuesAt(request, rule.path).map((f) =>
      ruleViolation(f.value, f, `Member cannot be given together with ${rule.when.path} ${others.map(String).join(', ')}`),
    );
  },
  apply(rule, request, decision, { name, set, holders, vars }) {
    const conflict = valuesAt(request, rule.when.path).some((f) => rule.when.values.includes(f.value));
    if (decision === 'keep') {
      if (conflict) for (const h of holders(rule.path)) delete h[name];
      return;
    }
    if (!conflict) set(rule.when.path, rule.when.values[0]);
    if (holders(rule.path).every((h) => h[name] === undefined)) set(rule.path, expand(clone(rule.value), vars));
    return;
  },
};
