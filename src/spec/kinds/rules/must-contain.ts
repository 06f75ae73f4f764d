import type { RuleSpec } from '../../types';
import { valuesAt } from '../../member-path';
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
};
