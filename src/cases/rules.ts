import type { OperationSpec, RuleSpec, StepExpectation } from '../spec/types';
import type { CaseStep } from './types';
import type { Draft } from './draft';
import { awsPath, baselineFor, getAt, OMIT, setAt, stepsOf, type PathStep } from '../spec/member-path';
import { clone, expand, type TemplateVars } from '../spec/values';

const accept: StepExpectation = { outcome: 'accept' };

/** The members a rejection for this rule may name: the rule's own, and those it ties it to. */
function namedBy(rule: RuleSpec): string[] {
  const parent = rule.path.split('.').slice(0, -1).join('.');
  switch (rule.kind) {
    case 'not-greater-than':
      return [rule.path, `${parent}.${rule.sibling}`];
    case 'exactly-one-of':
      return [rule.path, ...rule.members.map((m) => `${rule.path}.${m}`)];
    case 'max-items-when':
      return [rule.path, rule.when];
    case 'forbidden-with':
      return [rule.path, rule.when.path];
    default:
      return [rule.path];
  }
}

/**
 * A rule's rejection: a ValidationException whose message, where it names members at all, names one the rule is
 * about; AWS does not document these messages, so a message with no member path is not held against the target.
 */
function rejectFor(rule: RuleSpec): StepExpectation {
  return {
    outcome: 'reject',
    status: 400,
    errorCodes: ['ValidationException'],
    ...(rule.messageIncludes ? { messageIncludes: rule.messageIncludes } : {}),
    member: { paths: namedBy(rule).map(awsPath), whenUnnamed: 'pass' },
  };
}

/** One request: the case's baseline with several members set (or left out) in order. */
function requestSetting(op: OperationSpec, id: string, settings: [PathStep[], unknown][], vars: TemplateVars): Record<string, unknown> {
  const request = baselineFor(op, id, vars);
  for (const [path, value] of settings) setAt(request, path, value === OMIT ? OMIT : expand(clone(value), { ...vars, i: 0 }), vars);
  return request;
}

function parentOf(path: PathStep[]): PathStep[] {
  return path.slice(0, -1);
}

/** The member's own example (a value its constraints allow), else its value in the baseline. */
function exampleValue(op: OperationSpec, id: string, path: PathStep[], vars: TemplateVars): unknown {
  const example = path[path.length - 1]!.spec.example;
  return example !== undefined ? expand(clone(example), vars) : getAt(baselineFor(op, id, vars), path);
}

/**
 * The cases of one rule the documentation states in prose: at least one request the rule rejects and one it
 * accepts, each changing only what the rule is about. One small unit per kind of rule.
 */
export function ruleDrafts(op: OperationSpec, rule: RuleSpec): Draft[] {
  const path = stepsOf(op, rule.path);
  const group = path[0]!.key;
  const drafts: Draft[] = [];
  const add = (suffix: string, title: string, expect: StepExpectation, settings: (vars: TemplateVars) => [PathStep[], unknown][]) => {
    const id = `${rule.path}.${rule.id}.${suffix}`;
    drafts.push({
      id,
      title: `${rule.path} ${title}`,
      kind: 'rule',
      clause: rule.clause,
      group,
      build: (vars): CaseStep[] => [{ operation: op.operation, request: requestSetting(op, id, settings(vars), vars), expect }],
    });
  };
  const rejected = rejectFor(rule);

  switch (rule.kind) {
    case 'multiple-of':
      add(`${rule.valid}`, `of ${rule.valid} (a multiple of ${rule.factor}) is accepted`, accept, () => [[path, rule.valid]]);
      add(`${rule.invalid}`, `of ${rule.invalid} (not a multiple of ${rule.factor}) is rejected`, rejected, () => [[path, rule.invalid]]);
      break;
    case 'not-greater-than': {
      const sibling = [...parentOf(path), { key: rule.sibling, spec: parentOf(path).at(-1)!.spec.members![rule.sibling]! }];
      const limit = (vars: TemplateVars) => Number(exampleValue(op, `${rule.path}.${rule.id}`, sibling, vars));
      add('equal', `equal to ${rule.sibling} is accepted`, accept, (vars) => [
        [sibling, limit(vars)],
        [path, limit(vars)],
      ]);
      add('greater', `greater than ${rule.sibling} is rejected`, rejected, (vars) => [
        [sibling, limit(vars)],
        [path, limit(vars) + 1],
      ]);
      break;
    }
    case 'exactly-one-of': {
      const members = rule.members.map((m) => [...path, { key: m, spec: path.at(-1)!.spec.members![m]! }]);
      const valueOf = (p: PathStep[], vars: TemplateVars) => expand(clone(p.at(-1)!.spec.example), vars);
      members.forEach((p, i) =>
        add(`only-${rule.members[i]}`, `with only ${rule.members[i]} is accepted`, accept, (vars) =>
          members.map((q) => [q, q === p ? valueOf(q, vars) : OMIT]),
        ),
      );
      add('all', `with ${rule.members.join(' and ')} together is rejected`, rejected, (vars) => members.map((q) => [q, valueOf(q, vars)]));
      add('none', `with none of ${rule.members.join(', ')} is rejected`, rejected, () => members.map((q) => [q, OMIT]));
      break;
    }
    case 'unsupported':
      add('given', `given at all (${JSON.stringify(rule.value)}) is rejected`, rejected, () => [[path, rule.value]]);
      break;
    case 'unique': {
      const item = path.at(-1)!.spec.item!;
      const two = (vars: TemplateVars, same: boolean) => {
        const first = expand(clone(item.example), { ...vars, i: 0 }) as Record<string, unknown>;
        const second = expand(clone(item.example), { ...vars, i: 1 }) as Record<string, unknown>;
        if (same) second[rule.key] = first[rule.key];
        return [first, second];
      };
      add('distinct', `with two items of different ${rule.key} is accepted`, accept, (vars) => [[path, two(vars, false)]]);
      add('duplicate', `with two items of the same ${rule.key} is rejected`, rejected, (vars) => [[path, two(vars, true)]]);
      break;
    }
    case 'must-contain':
      add('present', `including ${JSON.stringify(rule.value)} is accepted`, accept, () => [[path, [rule.value]]]);
      rule.invalid.forEach((value, i) =>
        add(
          `missing${rule.invalid.length > 1 ? `-${i + 1}` : ''}`,
          `of ${JSON.stringify(value)}, without ${JSON.stringify(rule.value)}, is rejected`,
          rejected,
          () => [[path, value]],
        ),
      );
      break;
    case 'max-items-when': {
      const when = stepsOf(op, rule.when);
      const item = path.at(-1)!.spec.item!;
      const items = (n: number, vars: TemplateVars) => Array.from({ length: n }, (_, i) => expand(clone(item.example), { ...vars, i }));
      const whenValue = (vars: TemplateVars) => expand(clone(when.at(-1)!.spec.example), { ...vars, i: 0 });
      add(`${rule.max}`, `with ${rule.max} item(s) beside ${rule.when} is accepted`, accept, (vars) => [
        [when, whenValue(vars)],
        [path, items(rule.max, vars)],
      ]);
      add(`${rule.max + 1}`, `with ${rule.max + 1} items beside ${rule.when} is rejected`, rejected, (vars) => [
        [when, whenValue(vars)],
        [path, items(rule.max + 1, vars)],
      ]);
      break;
    }
    case 'forbidden-with': {
      const when = stepsOf(op, rule.when.path);
      for (const other of rule.when.values) {
        add(`${String(other)}`, `together with ${rule.when.path} ${JSON.stringify(other)} is rejected`, rejected, () => [
          [when, other],
          [path, rule.value],
        ]);
      }
      break;
    }
  }
  return drafts;
}
