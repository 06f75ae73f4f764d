import type { RuleSpec } from '../../types';
import { awsPathStep, getAt, valuesAt, baselineFor, type PathStep } from '../../member-path';
import { clone, expand, type TemplateVars } from '../../values';
import { ruleViolation, type RuleBreach, type RuleKind } from '../kind';

type Rule = Extract<RuleSpec, { kind: 'not-greater-than' }>;

/** A number that must not be greater than a sibling member of the same structure. */
export const notGreaterThan: RuleKind<Rule> = {
  kind: 'not-greater-than',
  namedBy: (rule) => [rule.path, `${rule.path.split('.').slice(0, -1).join('.')}.${rule.sibling}`],
  samples(rule, { op, path }) {
    const parent = path.slice(0, -1);
    const sibling: PathStep[] = [...parent, { key: rule.sibling, spec: parent.at(-1)!.spec.members![rule.sibling]! }];
    // The sibling's own example (a value its constraints allow), else its value in the baseline.
    const limit = (vars: TemplateVars) => {
      const example = sibling.at(-1)!.spec.example;
      const id = `${rule.path}.${rule.id}`;
      return Number(example !== undefined ? expand(clone(example), vars) : getAt(baselineFor(op, id, vars), sibling));
    };
    return [
      {
        suffix: 'equal',
        title: `equal to ${rule.sibling} is accepted`,
        expect: 'accept',
        settings: (vars) => [
          [sibling, limit(vars)],
          [path, limit(vars)],
        ],
      },
      {
        suffix: 'greater',
        title: `greater than ${rule.sibling} is rejected`,
        expect: 'rejected',
        settings: (vars) => [
          [sibling, limit(vars)],
          [path, limit(vars) + 1],
        ],
      },
    ];
  },
  violations(rule, request) {
    const member = rule.path.split('.').at(-1)!;
    const out: RuleBreach[] = [];
    for (const holder of valuesAt(request, rule.path.split('.').slice(0, -1).join('.'))) {
      const h = holder.value as Record<string, unknown>;
      const value = h[member];
      const max = h[rule.sibling];
      if (typeof value === 'number' && typeof max === 'number' && value > max) {
        out.push(
          ruleViolation(
            value,
            { where: awsPathStep(holder.where, member), positions: holder.positions },
            `Member must be less than or equal to ${rule.sibling} (${max})`,
          ),
        );
      }
    }
    return out;
  },
  apply(rule, _request, decision, { name, holders }) {
    const places = holders(rule.path).filter((h) => typeof h[name] === 'number' && typeof h[rule.sibling] === 'number');
    if (decision === 'keep') {
      for (const h of places) if ((h[name] as number) > (h[rule.sibling] as number)) h[name] = h[rule.sibling];
    } else if (places[0]) {
      const h = places[0];
      h[name] = h[rule.sibling];
      h[rule.sibling] = (h[rule.sibling] as number) - 1;
    }
    return;
  },
};
