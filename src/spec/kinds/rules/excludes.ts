import type { OperationSpec, RuleSpec } from '../../types';
import { baselineFor, camelCase, getAt, OMIT, valuesAt, type PathStep } from '../../member-path';
import { clone, expand, type TemplateVars } from '../../values';
import { ruleViolation, type RuleKind } from '../kind';

type Rule = Extract<RuleSpec, { kind: 'excludes' }>;

/** The member's own example (a value its constraints allow), else its value in the baseline. */
function exampleValue(op: OperationSpec, id: string, path: PathStep[], vars: TemplateVars): unknown {
  const example = path.at(-1)!.spec.example;
  return example !== undefined ? expand(clone(example), vars) : getAt(baselineFor(op, id, vars), path);
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** A member that may not be given in a structure that also has `sibling` (ManagedInstanceScaling beside a ModelName). */
export const excludes: RuleKind<Rule> = {
  kind: 'excludes',
  namedBy: (rule) => [rule.path, `${rule.path.split('.').slice(0, -1).join('.')}.${rule.sibling}`],
  samples(rule, { op, path }) {
    const parent = path.slice(0, -1);
    const sibling: PathStep[] = [...parent, { key: rule.sibling, spec: parent.at(-1)!.spec.members![rule.sibling]! }];
    const id = `${rule.path}.${rule.id}`;
    const own = (vars: TemplateVars) => exampleValue(op, id, path, vars);
    return [
      {
        suffix: `without-${rule.sibling}`,
        title: `without ${rule.sibling} beside it is accepted`,
        expect: 'accept',
        settings: (vars) => [
          [sibling, OMIT],
          [path, own(vars)],
        ],
      },
      {
        suffix: `with-${rule.sibling}`,
        title: `with ${rule.sibling} beside it is rejected`,
        expect: 'rejected',
        settings: (vars) => [
          [sibling, exampleValue(op, id, sibling, vars)],
          [path, own(vars)],
        ],
      },
    ];
  },
  violations(rule, request) {
    const member = rule.path.split('.').at(-1)!;
    const out: string[] = [];
    for (const holder of valuesAt(request, rule.path.split('.').slice(0, -1).join('.'))) {
      const h = holder.value as Record<string, unknown>;
      if (present(h[member]) && present(h[rule.sibling]))
        out.push(rule.message ?? ruleViolation(h[member], `${holder.where}.${camelCase(member)}`, `Member cannot be given together with ${rule.sibling}`));
    }
    return out;
  },
};
