import type { OperationSpec, RuleSpec, StepExpectation } from '../spec/types';
import type { CaseStep } from './types';
import type { Draft } from './draft';
import { awsPath, baselineFor, OMIT, setAt, stepsOf, type PathStep } from '../spec/member-path';
import { clone, expand, type TemplateVars } from '../spec/values';
import { ruleKindOf } from '../spec/kinds/registry';

const accept: StepExpectation = { outcome: 'accept' };

/**
 * A rule's rejection: a ValidationException whose message, where it names members at all, names one the rule is
 * about; AWS does not document these messages, so a message with no member path is not held against the target.
 */
export function rejectFor(rule: RuleSpec): StepExpectation {
  return {
    outcome: 'reject',
    status: 400,
    errorCodes: ['ValidationException'],
    ...(rule.messageIncludes ? { messageIncludes: rule.messageIncludes } : {}),
    member: { paths: ruleKindOf(rule).namedBy(rule).map(awsPath), whenUnnamed: 'pass' },
  };
}

/** One request: the case's baseline with several members set (or left out) in order. */
function requestSetting(op: OperationSpec, id: string, settings: [PathStep[], unknown][], vars: TemplateVars): Record<string, unknown> {
  const request = baselineFor(op, id, vars);
  for (const [path, value] of settings) setAt(request, path, value === OMIT ? OMIT : expand(clone(value), { ...vars, i: 0 }), vars);
  return request;
}

/**
 * The cases of one rule the documentation states in prose, as its kind's module makes them: at least one request
 * the rule rejects and one it accepts, each changing only what the rule is about.
 */
export function ruleDrafts(op: OperationSpec, rule: RuleSpec): Draft[] {
  const path = stepsOf(op, rule.path);
  const group = path[0]!.key;
  const rejected = rejectFor(rule);
  return ruleKindOf(rule)
    .samples(rule, { op, path })
    .map((s): Draft => {
      const id = `${rule.path}.${rule.id}.${s.suffix}`;
      const expect = s.expect === 'accept' ? accept : rejected;
      return {
        id,
        title: `${rule.path} ${s.title}`,
        kind: 'rule',
        clause: rule.clause,
        group,
        facts: { member: rule.path, rule: rule.id },
        build: (vars): CaseStep[] => [{ operation: op.operation, request: requestSetting(op, id, s.settings(vars), vars), expect }],
      };
    });
}
