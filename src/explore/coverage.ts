import type { MemberConstraints, OperationSpec } from '../spec/types';
import { idStep } from '../spec/member-path';
import { breakableKinds, MEMBER_KINDS } from '../spec/kinds/registry';
import type { FaultKind, OracleVerdict } from './oracle';
import type { CoverageSummary, Touch } from '../report/explore-types';

export type { CoverageSummary, Touch };

/** A documented rule by its id and path: one rule may be stated for two members (a variant's and a shadow variant's). */
function ruleKey(id: string, path: string): string {
  return `rule ${id} (${path})`;
}

/**
 * Counts, per constraint (a member and a kind of rule) and per documented rule, the requests that kept it and those
 * that broke it. A required member's constraint is touched whenever its parent is sent.
 */
export class CoverageTracker {
  private readonly constraints = new Map<string, Touch>();
  private readonly rules = new Map<string, Touch>();
  /** Each constraint with its key, its member, the member's parent and its touch, built once: record runs per request. */
  private readonly entries: { key: string; member: string; parent: string; kind: FaultKind; byParent: boolean; touch: Touch }[] = [];

  constructor(private readonly op: OperationSpec) {
    const byParent = new Set(MEMBER_KINDS.filter((k) => k.keptByParent).map((k) => k.name));
    const walk = (spec: MemberConstraints, path: string) => {
      if (path) {
        const parent = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '';
        for (const kind of breakableKinds(spec)) {
          const touch = { kept: 0, broken: 0 };
          const key = `${path} ${kind}`;
          this.constraints.set(key, touch);
          this.entries.push({ key, member: path, parent, kind, byParent: byParent.has(kind), touch });
        }
      }
      if (spec.type === 'list' && spec.item) walk(spec.item, idStep(path, '[]'));
      if (spec.type === 'map') {
        if (spec.key) walk(spec.key, idStep(path, '$key'));
        if (spec.value) walk(spec.value, idStep(path, '$value'));
      }
      for (const [name, child] of Object.entries(spec.members ?? {})) walk(child, idStep(path, name));
    };
    walk(op.input, '');
    for (const rule of op.rules ?? []) this.rules.set(ruleKey(rule.id, rule.path), { kept: 0, broken: 0 });
  }

  /** Records one request and the oracle's verdict on it. */
  record(request: Record<string, unknown>, verdict: OracleVerdict): void {
    const broken = new Set(
      verdict.outcome === 'reject' ? verdict.faults.map((f) => (f.kind === 'rule' ? ruleKey(f.rule!, f.member) : `${f.member} ${f.kind}`)) : [],
    );
    const present = new Set<string>();
    const parents = new Set<string>();
    const walk = (spec: MemberConstraints, value: unknown, path: string) => {
      if (value === undefined || value === null) return;
      if (path) present.add(path);
      if (spec.type === 'list' && spec.item && Array.isArray(value)) for (const v of value) walk(spec.item, v, idStep(path, '[]'));
      if (spec.type === 'map' && typeof value === 'object' && !Array.isArray(value)) {
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
          if (spec.key) walk(spec.key, k, idStep(path, '$key'));
          if (spec.value) walk(spec.value, v, idStep(path, '$value'));
        }
      }
      if (spec.type === 'structure' && typeof value === 'object' && !Array.isArray(value)) {
        parents.add(path);
        for (const [name, child] of Object.entries(spec.members ?? {})) walk(child, (value as Record<string, unknown>)[name], idStep(path, name));
      }
    };
    walk(this.op.input, request, '');
    for (const { key, member, parent, byParent, touch } of this.entries) {
      if (broken.has(key)) touch.broken++;
      else if (present.has(member) || (byParent && parents.has(parent))) touch.kept++;
    }
    for (const rule of this.op.rules ?? []) {
      const key = ruleKey(rule.id, rule.path);
      const touch = this.rules.get(key)!;
      if (broken.has(key)) touch.broken++;
      // `present` holds every path with a value (as valuesAt finds them): a set lookup instead of a walk per rule.
      else if (present.has(rule.path)) touch.kept++;
    }
  }

  summary(): CoverageSummary {
    const sum = (touches: Map<string, Touch>) => {
      const all = [...touches.values()];
      return {
        total: all.length,
        kept: all.filter((t) => t.kept > 0).length,
        broken: all.filter((t) => t.broken > 0).length,
        both: all.filter((t) => t.kept > 0 && t.broken > 0).length,
      };
    };
    const named = [...[...this.constraints].map(([k, t]) => [k, t] as const), ...[...this.rules].map(([key, t]) => [key, t] as const)];
    return {
      constraints: sum(this.constraints),
      rules: sum(this.rules),
      neverBroken: named.filter(([, t]) => t.broken === 0).map(([k]) => k),
      untouched: named.filter(([, t]) => t.broken === 0 && t.kept === 0).map(([k]) => k),
    };
  }
}
