import type { ConformanceCase } from '../cases/types';
import type { OperationSpec } from '../spec/types';
import { referencesIn, validateInput, violationText } from '../spec/validate';
import { ruleViolations } from '../spec/rules';
import { awsPath } from '../spec/member-path';
import { MEMBER_KINDS } from '../spec/kinds/registry';

export { awsPath };

/** Whether the reference validator checks this kind of constraint itself (a reference is checked against the store). */
function validated(kind: string): boolean {
  const module = MEMBER_KINDS.find((k) => k.name === kind);
  return module?.check !== undefined || module?.checkAbsent !== undefined;
}

/** The member path a case is about, as the case table says (`Tags[].Key`); a case about no member has its group. */
export function memberPathOf(c: Pick<ConformanceCase, 'group' | 'facts'>): string {
  return c.facts.member ?? c.group;
}

/**
 * Cases whose request does not test what they claim, by the reference validator: an accept case the spec would
 * reject, or a reject case whose request breaks something besides the one rule under test. Each with the reason,
 * for the spec's `suppress` list.
 */
export function inconsistentCases(op: OperationSpec, cases: readonly ConformanceCase[], existing: ReadonlySet<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of cases) {
    if (c.steps.length !== 1 || c.steps[0]!.operation !== op.operation) continue;
    if (!validated(c.kind) && c.kind !== 'rule' && c.kind !== 'baseline') continue;
    const step = c.steps[0]!;
    const result = validateInput(op.input, step.request);
    if (result.kind === 'type-error') {
      out.set(c.id, `its request has a value of the wrong JSON type (${result.message})`);
      continue;
    }
    const violations = result.kind === 'invalid' ? result.violations : [];
    const broken = ruleViolations(op.rules ?? [], step.request);
    const all = [...violations, ...broken];
    if (step.expect.outcome === 'accept') {
      const missing = referencesIn(op.input, step.request).find((ref) => !existing.has(ref.name));
      if (all.length > 0) out.set(c.id, `the value also breaks another rule of the spec: ${violationText(all[0]!)}`);
      else if (missing)
        out.set(c.id, `the value names a ${missing.resource} that does not exist (${JSON.stringify(missing.name)}), so the request is rejected for that`);
      continue;
    }
    if (c.kind === 'rule') {
      if (broken.length === 0) out.set(c.id, 'the reference validator accepts its request: the rule data is wrong');
      else if (violations.length > 0) out.set(c.id, `the value also breaks a constraint: ${violationText(violations[0]!)}`);
      continue;
    }
    const at = awsPath(memberPathOf(c));
    const where = `at '${at}'`;
    const own = violations.filter((v) => v.at === at && v.kind === c.kind);
    const other = all.filter((v) => !own.includes(v));
    if (own.length === 0) out.set(c.id, `its request does not break the ${c.kind} rule ${where}${all.length ? `; it breaks: ${violationText(all[0]!)}` : ''}`);
    else if (other.length > 0) out.set(c.id, `no value of this kind breaks only the ${c.kind} rule: it also breaks ${violationText(other[0]!)}`);
  }
  return out;
}
