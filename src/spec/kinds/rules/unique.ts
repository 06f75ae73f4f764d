import type { RuleSpec } from '../../types';
import { valuesAt } from '../../member-path';
import { clone, expand, type TemplateVars } from '../../values';
import { ruleViolation, type RuleKind } from '../kind';

type Rule = Extract<RuleSpec, { kind: 'unique' }>;

/** A list whose items must differ in one member. */
export const unique: RuleKind<Rule> = {
  kind: 'unique',
  namedBy: (rule) => [rule.path],
  samples(rule, { path }) {
    const item = path.at(-1)!.spec.item!;
    const two = (vars: TemplateVars, same: boolean) => {
      const first = expand(clone(item.example), { ...vars, i: 0 }) as Record<string, unknown>;
      const second = expand(clone(item.example), { ...vars, i: 1 }) as Record<string, unknown>;
      if (same) second[rule.key] = first[rule.key];
      return [first, second];
    };
    return [
      { suffix: 'distinct', title: `with two items of different ${rule.key} is accepted`, expect: 'accept', settings: (vars) => [[path, two(vars, false)]] },
      { suffix: 'duplicate', title: `with two items of the same ${rule.key} is rejected`, expect: 'rejected', settings: (vars) => [[path, two(vars, true)]] },
    ];
  },
  violations: (rule, request) =>
    valuesAt(request, rule.path).flatMap((f) => {
      if (!Array.isArray(f.value)) return [];
      const keys = f.value.map((item) => (item as Record<string, unknown>)?.[rule.key]);
      return new Set(keys).size !== keys.length ? [ruleViolation(keys, f, `Member must have a unique ${rule.key} in each item`)] : [];
    }),
  apply(rule, _request, decision, { name, holders }) {
    for (const h of holders(rule.path)) {
      const list = h[name];
      if (!Array.isArray(list)) continue;
      const items = list.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null && typeof x[rule.key] === 'string');
      if (decision === 'keep') {
        const seen = new Set<unknown>();
        items.forEach((item, i) => {
          if (seen.has(item[rule.key])) {
            const key = String(item[rule.key]);
            const suffix = `${i}`;
            item[rule.key] = key.length > suffix.length ? `${key.slice(0, key.length - suffix.length)}${suffix}` : `${key}${suffix}`;
          }
          seen.add(item[rule.key]);
        });
      } else if (items.length >= 2) items[1]![rule.key] = items[0]![rule.key];
      else if (items.length === 1) list.push(clone(items[0]));
    }
    return;
  },
};
