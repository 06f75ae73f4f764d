import type { RuleSpec } from '../../types';
import { valuesAt } from '../../member-path';
import { clone } from '../../values';
import { ruleViolation, type RuleKind, type RuleSample } from '../kind';

type Rule = Extract<RuleSpec, { kind: 'must-contain' }>;

/** A list that must include a given value. */
export const mustContain: RuleKind<Rule> = {
  kind: 'must-contain',
  namedBy: (rule) => [rule.path],
  samples: (rule, { path }) => [
    { suffix: 'present', title: `including ${JSON.stringify(rule.value)} is accepted`, expect: 'accept', settings: () => [[path, [rule.value]]] },
    ...rule.invalid.map((value, i): RuleSample => ({
      suffix: `missing${rule.invalid.length > 1 ? `-${i + 1}` : ''}`,
      title: `of ${JSON.stringify(value)}, without ${JSON.stringify(rule.value)}, is rejected`,
      expect: 'rejected',
      settings: () => [[path, value]],
    })),
  ],
  violations: (rule, request) =>
    valuesAt(request, rule.path).flatMap((f) =>
      Array.isArray(f.value) && !f.value.includes(rule.value) ? [ruleViolation(f.value, f, `Member must include ${JSON.stringify(rule.value)}`)] : [],
    ),
  apply(rule, _request, decision, { name, set, holders }) {
    const lists = holders(rule.path).filter((h) => Array.isArray(h[name]));
    if (decision === 'keep') {
      for (const h of lists) if (!(h[name] as unknown[]).includes(rule.value)) (h[name] as unknown[])[0] = rule.value;
    } else if (lists[0]) lists[0][name] = clone(rule.invalid[0]);
    else set(rule.path, clone(rule.invalid[0]));
    return;
  },
};
