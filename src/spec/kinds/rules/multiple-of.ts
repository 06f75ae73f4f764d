import type { RuleSpec } from '../../types';
import { holderAt, idOf, valuesAt } from '../../member-path';
import { ruleViolation, type RuleKind } from '../kind';

type Rule = Extract<RuleSpec, { kind: 'multiple-of' }>;

/** A number that must be a multiple of a factor (memory in 1 GB increments). */
export const multipleOf: RuleKind<Rule> = {
  kind: 'multiple-of',
  namedBy: (rule) => [rule.path],
  samples: (rule, { path }) => [
    { suffix: `${rule.valid}`, title: `of ${rule.valid} (a multiple of ${rule.factor}) is accepted`, expect: 'accept', settings: () => [[path, rule.valid]] },
    {
      suffix: `${rule.invalid}`,
      title: `of ${rule.invalid} (not a multiple of ${rule.factor}) is rejected`,
      expect: 'rejected',
      settings: () => [[path, rule.invalid]],
    },
  ],
  violations: (rule, request) =>
    valuesAt(request, rule.path)
      .filter((f) => typeof f.value === 'number' && f.value % rule.factor !== 0)
      .map((f) => ruleViolation(f.value, f, `Member must be a multiple of ${rule.factor}`)),
  apply(rule, _request, decision, { name, set, holders }) {
    const places = holders(rule.path).filter((h) => typeof h[name] === 'number');
    if (decision === 'keep') {
      for (const h of places) if ((h[name] as number) % rule.factor !== 0) h[name] = rule.valid;
    } else if (places[0]) places[0][name] = rule.invalid;
    else set(rule.path, rule.invalid);
    return;
  },
  // Skipped when an optional member beside it is given: the rule's cases send its structure with the required members only.
  combinationFault(rule, { op, path }) {
    const parent = idOf(path.slice(0, -1));
    const holder = path.at(-2)?.spec ?? op.input;
    const sibling = Object.entries(holder.members ?? {}).find(([name, m]) => !m.required && name !== path.at(-1)!.key)?.[0];
    if (!sibling) return undefined;
    return {
      suffix: `${rule.id}-ignored-with-${sibling}`,
      description: `the documented rule ${rule.id} is not enforced when ${parent}.${sibling} is given`,
      combination: `the rule's cases send ${parent} with its required members only`,
      overlooks: (request, v) => holderAt(request, v.member, v.positions)?.[sibling] !== undefined,
    };
  },
};
