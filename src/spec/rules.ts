import type { MemberSpec, RuleSpec } from './types';
import { camelCase } from './member-path';

/** A value found at a rule's path (every element of a list along the way). */
interface Found {
  value: unknown;
  /** The member path in AWS's message form: `productionVariants.1.member.serverlessConfig.memorySizeInMB`. */
  where: string;
}

/** Every value at a case-id path (`A[].B.C`), fanning out over list elements. */
export function valuesAt(request: Record<string, unknown>, id: string): Found[] {
  let frontier: Found[] = [{ value: request, where: '' }];
  for (const token of id.split('.')) {
    const [name, ...items] = token.split('[]');
    const next: Found[] = [];
    for (const f of frontier) {
      if (f.value === null || typeof f.value !== 'object' || Array.isArray(f.value)) continue;
      const holder = f.value as Record<string, unknown>;
      const where = f.where ? `${f.where}.${camelCase(name!)}` : camelCase(name!);
      let found: Found[] = [{ value: holder[name!], where }];
      for (let i = 0; i < items.length; i++) {
        found = found.flatMap((x) => (Array.isArray(x.value) ? x.value.map((v, n) => ({ value: v, where: `${x.where}.${n + 1}.member` })) : []));
      }
      next.push(...found);
    }
    frontier = next;
  }
  return frontier.filter((f) => f.value !== undefined && f.value !== null);
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** A violation in AWS's words: the value, the member's path, what the documentation says it must do. */
function violation(value: unknown, where: string, must: string): string {
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  return `Value '${shown}' at '${where}' failed to satisfy constraint: ${must}`;
}

/** Messages for every rule the request breaks (empty when it keeps them all). */
export function ruleViolations(rules: readonly RuleSpec[], request: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const rule of rules) {
    switch (rule.kind) {
      case 'multiple-of':
        for (const f of valuesAt(request, rule.path)) {
          if (typeof f.value === 'number' && f.value % rule.factor !== 0) out.push(violation(f.value, f.where, `Member must be a multiple of ${rule.factor}`));
        }
        break;
      case 'not-greater-than': {
        const member = rule.path.split('.').at(-1)!;
        for (const holder of valuesAt(request, rule.path.split('.').slice(0, -1).join('.'))) {
          const h = holder.value as Record<string, unknown>;
          const value = h[member];
          const max = h[rule.sibling];
          if (typeof value === 'number' && typeof max === 'number' && value > max) {
            out.push(violation(value, `${holder.where}.${camelCase(member)}`, `Member must be less than or equal to ${rule.sibling} (${max})`));
          }
        }
        break;
      }
      case 'exactly-one-of':
        for (const f of valuesAt(request, rule.path)) {
          const given = rule.members.filter((m) => present((f.value as Record<string, unknown>)[m]));
          if (given.length !== 1) out.push(violation(f.value, f.where, `Member must have exactly one of ${rule.members.join(', ')} (${given.length} given)`));
        }
        break;
      case 'unsupported':
        for (const f of valuesAt(request, rule.path)) out.push(violation(f.value, f.where, 'Member is no longer supported'));
        break;
      case 'unique':
        for (const f of valuesAt(request, rule.path)) {
          if (!Array.isArray(f.value)) continue;
          const keys = f.value.map((item) => (item as Record<string, unknown>)?.[rule.key]);
          if (new Set(keys).size !== keys.length) out.push(violation(keys, f.where, `Member must have a unique ${rule.key} in each item`));
        }
        break;
      case 'must-contain':
        for (const f of valuesAt(request, rule.path)) {
          if (Array.isArray(f.value) && !f.value.includes(rule.value))
            out.push(violation(f.value, f.where, `Member must include ${JSON.stringify(rule.value)}`));
        }
        break;
      case 'max-items-when':
        if (valuesAt(request, rule.when).length > 0) {
          for (const f of valuesAt(request, rule.path)) {
            if (Array.isArray(f.value) && f.value.length > rule.max) {
              out.push(violation(`${f.value.length} items`, f.where, `Member must have at most ${rule.max} item(s) together with ${camelCase(rule.when)}`));
            }
          }
        }
        break;
      case 'forbidden-with': {
        const others = valuesAt(request, rule.when.path).map((f) => f.value);
        if (others.some((v) => rule.when.values.includes(v))) {
          for (const f of valuesAt(request, rule.path))
            out.push(violation(f.value, f.where, `Member cannot be given together with ${rule.when.path} ${others.map(String).join(', ')}`));
        }
        break;
      }
    }
  }
  return out;
}

/** The request with every documented default filled in where the member was left out (what Describe returns). */
export function withDefaults(spec: MemberSpec, value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return spec.item ? value.map((v) => withDefaults(spec.item!, v)) : value;
  if (spec.type !== 'structure') return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [name, member] of Object.entries(spec.members ?? {})) {
    if (out[name] === undefined && member.default !== undefined) out[name] = structuredClone(member.default.value);
    else if (out[name] !== undefined) out[name] = withDefaults(member, out[name]);
  }
  return out;
}
