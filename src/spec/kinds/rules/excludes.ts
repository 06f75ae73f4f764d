import type { RuleSpec } from '../../types';
import { awsPathStep, baselineFor, getAt, OMIT, valuesAt, type PathStep } from '../../member-path';
import { clone, expand, type TemplateVars } from '../../values';
import { ruleViolation, type RuleKind } from '../kind';

type Rule = Extract<RuleSpec, { kind: 'excludes' }>;

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
    // A member's own example (a value its constraints allow), else its value in the baseline.
    const exampleOf = (p: PathStep[], vars: TemplateVars) => {
      const example = p.at(-1)!.spec.example;
      return example !== undefined ? expand(clone(example), vars) : getAt(baselineFor(op, `${rule.path}.${rule.id}`, vars), p);
    };
    return [
      {
        suffix: `without-${rule.sibling}`,
        title: `without ${rule.sibling} beside it is accepted`,
        expect: 'accept',
        settings: (vars) => [
          [sibling, OMIT],
          [path, exampleOf(path, vars)],
        ],
      },
      {
        suffix: `with-${rule.sibling}`,
        title: `with ${rule.sibling} beside it is rejected`,
        expect: 'rejected',
        settings: (vars) => [
          [sibling, exampleOf(sibling, vars)],
          [path, exampleOf(path, vars)],
        ],
      },
    ];
  },
  violations(rule, request) {
    const member = rule.path.split('.').at(-1)!;
    return valuesAt(request, rule.path.split('.').slice(0, -1).join('.')).flatMap((holder) => {
      const h = holder.value as Record<string, unknown>;
      return present(h[member]) && present(h[rule.sibling])
        ? [
            ruleViolation(
              h[member],
              { where: awsPathStep(holder.where, member), positions: holder.positions },
              `Member cannot be given together with ${rule.sibling}`,
              rule.message,
            ),
          ]
        : [];
    });
  },
  apply(rule, _request, decision, { name, set, holders, exampleOf }) {
    const places = holders(rule.path);
    if (decision === 'keep') {
      for (const h of places) if (h[name] !== undefined && h[rule.sibling] !== undefined) delete h[name];
      return;
    }
    const h = places.find((x) => x[rule.sibling] !== undefined) ?? places[0];
    const parent = rule.path.split('.').slice(0, -1).join('.');
    if (!h) {
      set(rule.path, exampleOf(rule.path));
      set(`${parent ? `${parent}.` : ''}${rule.sibling}`, exampleOf(`${parent ? `${parent}.` : ''}${rule.sibling}`));
      return;
    }
    h[name] ??= exampleOf(rule.path);
    h[rule.sibling] ??= exampleOf(`${parent ? `${parent}.` : ''}${rule.sibling}`);
    return;
  },
};
