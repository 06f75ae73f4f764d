import type { RuleSpec } from '../../types';
import { valuesAt } from '../../member-path';
import { ruleViolation, type RuleKind } from '../kind';

type Rule = Extract<RuleSpec, { kind: 'unsupported' }>;

/** A member the documentation says is no longer supported: given at all, it is rejected. */
export const unsupported: RuleKind<Rule> = {
  kind: 'unsupported',
  forbidsAnyValue: true,
  namedBy: (rule) => [rule.path],
  samples: (rule, { path }) => [
    { suffix: 'given', title: `given at all (${JSON.stringify(rule.value)}) is rejected`, expect: 'rejected', settings: () => [[path, rule.value]] },
  ],
  violations: (rule, request) => valuesAt(request, rule.path).map((f) => ruleViolation(f.value, f, 'Member is no longer supported', rule.message)),
  apply(rule, _request, decision, { name, set, holders }) {
    if (decision === 'keep') for (const h of holders(rule.path)) delete h[name];
    else if (holders(rule.path).every((h) => h[name] === undefined)) set(rule.path, rule.value);
    return;
  },
};
