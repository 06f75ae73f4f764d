import type { RuleSpec } from '../../types';
import { camelCase, stepsOf, valuesAt } from '../../member-path';
import { clone, expand, type TemplateVars } from '../../values';
import { ruleViolation, type RuleKind } from '../kind';

type Rule = Extract<RuleSpec, { kind: 'max-items-when' }>;

/** A list limited to fewer items when another member is given. */
export const maxItemsWhen: RuleKind<Rule> = {
  kind: 'max-items-when',
  namedBy: (rule) => [rule.path, rule.when],
  samples(rule, { op, path }) {
    const when = stepsOf(op, rule.when);
    const item = path.at(-1)!.spec.item!;
    const items = (n: number, vars: TemplateVars) => Array.from({ length: n }, (_, i) => expand(clone(item.example), { ...vars, i }));
    const whenValue = (vars: TemplateVars) => expand(clone(when.at(-1)!.spec.example), { ...vars, i: 0 });
    return [
      {
        suffix: `${rule.max}`,
        title: `with ${rule.max} item(s) beside ${rule.when} is accepted`,
        expect: 'accept',
        settings: (vars) => [
          [when, whenValue(vars)],
          [path, items(rule.max, vars)],
        ],
      },
      {
        suffix: `${rule.max + 1}`,
        title: `with ${rule.max + 1} items beside ${rule.when} is rejected`,
        expect: 'rejected',
        settings: (vars) => [
          [when, whenValue(vars)],
          [path, items(rule.max + 1, vars)],
        ],
      },
    ];
  },
  violations(rule, request) {
    if (valuesAt(request, rule.when).length === 0) return [];
    return valuesAt(request, rule.path).flatMap((f) =>
      Array.isArray(f.value) && f.value.length > rule.max
        ? [ruleViolation(`${f.value.length} items`, f, `Member must have at most ${rule.max} item(s) together with ${camelCase(rule.when)}`)]
        : [],
    );
  },
  apply(rule, request, decision, { name, set, holders, exampleOf }) {
    const lists = holders(rule.path).filter((h) => Array.isArray(h[name]));
    const whenGiven = valuesAt(request, rule.when).length > 0;
    if (decision === 'keep') {
      if (whenGiven) for (const h of lists) (h[name] as unknown[]).splice(rule.max);
      return;
    }
    if (!whenGiven) set(rule.when, exampleOf(rule.when));
    for (const h of holders(rule.path)
      .filter((x) => Array.isArray(x[name]))
      .slice(0, 1)) {
      const list = h[name] as unknown[];
      while (list.length > 0 && list.length <= rule.max) list.push(clone(list[0]));
    }
    return;
  },
};
