import type { ConformanceCase } from '../cases/types';
import type { OperationSpec } from '../spec/types';
import { referencesIn, validateInput } from '../spec/validate';
import { ruleViolations } from '../spec/rules';
import { awsPath } from '../spec/member-path';

export { awsPath };

/** What a validation message says for each kind of rule, as the reference validator (and AWS) words it. */
const PHRASES: Record<string, string> = {
  required: 'must not be null',
  length: 'must have length',
  count: 'must have length',
  range: 'must have value',
  pattern: 'regular expression pattern',
  enum: 'enum value set',
};

/** The member path of a constraint case: its id up to the kind (`Tags[].Key.length.129` → `Tags[].Key`). */
export function memberPathOf(c: Pick<ConformanceCase, 'id' | 'kind'>): string {
  if (c.id.endsWith('.required')) return c.id.slice(0, -'.required'.length);
  const at = c.id.indexOf(`.${c.kind}.`);
  return at < 0 ? c.id : c.id.slice(0, at);
}

const CONSTRAINT_KINDS = new Set(['required', 'length', 'count', 'range', 'pattern', 'enum']);

/**
 * Cases whose request does not test what they claim, by the reference validator: an accept case the spec would
 * reject, or a reject case whose request breaks something besides the one rule under test. Each with the reason,
 * for the spec's `suppress` list.
 */
export function inconsistentCases(op: OperationSpec, cases: readonly ConformanceCase[], existing: ReadonlySet<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of cases) {
    if (c.steps.length !== 1 || c.steps[0]!.operation !== op.operation) continue;
    if (!CONSTRAINT_KINDS.has(c.kind) && c.kind !== 'rule' && c.kind !== 'baseline') continue;
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
      if (all.length > 0) out.set(c.id, `the value also breaks another rule of the spec: ${all[0]}`);
      else if (missing)
        out.set(c.id, `the value names a ${missing.resource} that does not exist (${JSON.stringify(missing.name)}), so the request is rejected for that`);
      continue;
    }
    if (c.kind === 'rule') {
      if (broken.length === 0) out.set(c.id, 'the reference validator accepts its request: the rule data is wrong');
      else if (violations.length > 0) out.set(c.id, `the value also breaks a constraint: ${violations[0]}`);
      continue;
    }
    const where = `at '${awsPath(memberPathOf(c))}'`;
    const phrase = PHRASES[c.kind]!;
    const own = violations.filter((v) => v.includes(where) && v.includes(phrase));
    const other = all.filter((v) => !own.includes(v));
    if (own.length === 0) out.set(c.id, `its request does not break the ${c.kind} rule ${where}${all.length ? `; it breaks: ${all[0]}` : ''}`);
    else if (other.length > 0) out.set(c.id, `no value of this kind breaks only the ${c.kind} rule: it also breaks ${other[0]}`);
  }
  return out;
}
