import type { RuleSpec } from '../../types';
import { OMIT, valuesAt, type PathStep } from '../../member-path';
import { clone, expand, type TemplateVars } from '../../values';
import { ruleViolation, type RuleKind, type RuleSample } from '../kind';

type Rule = Extract<RuleSpec, { kind: 'exactly-one-of' }>;

function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** A structure that must have exactly one of several members. */
export const exactlyOneOf: RuleKind<Rule> = {
  kind: 'exactly-one-of',
  namedBy: (rule) => [rule.path, ...rule.members.map((m) => `${rule.path}.${m}`)],
  samples(rule, { path }) {
    const members: PathStep[][] = rule.members.map((m) => [...path, { key: m, spec: path.at(-1)!.spec.members![m]! }]);
    const valueOf = (p: PathStep[], vars: TemplateVars) => expand(clone(p.at(-1)!.spec.example), vars);
    const only: RuleSample[] = members.map((p, i) => ({
      suffix: `only-${rule.members[i]}`,
      title: `with only ${rule.members[i]} is accepted`,
      expect: 'accept',
      settings: (vars) => members.map((q): [PathStep[], unknown] => [q, q === p ? valueOf(q, vars) : OMIT]),
    }));
    return [
      ...only,
      {
        suffix: 'all',
        title: `with ${rule.members.join(' and ')} together is rejected`,
        expect: 'rejected',
        settings: (vars) => members.map((q): [PathStep[], unknown] => [q, valueOf(q, vars)]),
      },
      {
        suffix: 'none',
        title: `with none of ${rule.members.join(', ')} is rejected`,
        expect: 'rejected',
        settings: () => members.map((q): [PathStep[], unknown] => [q, OMIT]),
      },
    ];
  },
  violations: (rule, request) =>
    valuesAt(request, rule.path).flatMap((f) => {
      const given = rule.members.filter((m) => present((f.value as Record<string, unknown>)[m]));
      return given.length !== 1 ? [ruleViolation(f.value, f, `Member must have exactly one of ${rule.members.join(', ')} (${given.length} given)`)] : [];
    }),
  apply(rule, request, decision, { exampleOf }) {
    const places = valuesAt(request, rule.path)
      .map((f) => f.value)
      .filter((h): h is Record<string, unknown> => typeof h === 'object' && h !== null && !Array.isArray(h));
    for (const h of decision === 'keep' ? places : places.slice(0, 1)) {
      const given = rule.members.filter((m) => h[m] !== undefined);
      if (decision === 'keep') {
        if (given.length === 0) h[rule.members[0]!] = exampleOf(`${rule.path}.${rule.members[0]!}`);
        for (const m of given.slice(1)) delete h[m];
      } else {
        for (const m of rule.members) h[m] = exampleOf(`${rule.path}.${m}`);
      }
    }
    return;
  },
};
