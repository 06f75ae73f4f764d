import type { MemberConstraints } from '../types';
import { clone, expand, type TemplateVars } from '../values';
import { boundsSchema, countSchema } from './schema-parts';
import { describeLength, type KindBreach, type ConstraintKind, type Sample } from './kind';
import { boundsProblem, limitFaults } from './limits';

function listOf(spec: MemberConstraints, count: number, vars: TemplateVars): unknown[] {
  return Array.from({ length: count }, (_, i) => expand(clone(spec.item?.example ?? {}), { ...vars, i }));
}

/** A map of `count` entries with distinct keys (the key example with the entry's number). */
function mapOf(spec: MemberConstraints, count: number, vars: TemplateVars): Record<string, unknown> {
  const key = String(expand(clone(spec.key?.example ?? 'key'), vars));
  const value = expand(clone(spec.value?.example ?? ''), vars);
  return Object.fromEntries(
    Array.from({ length: count }, (_, i) => [i === 0 ? key : `${key.slice(0, Math.max(1, key.length - String(i).length))}${i}`, value]),
  );
}

/** How many items a list (or entries a map) has, at and past each bound. */
export const count: ConstraintKind = {
  name: 'count',
  column: 3,
  field: { name: 'count', schema: boundsSchema(countSchema), problem: boundsProblem },
  samples({ spec }) {
    if (!spec.count) return [];
    const { min, max, clause } = spec.count;
    const items = (n: number) => (vars: TemplateVars) => (spec.type === 'map' ? mapOf(spec, n, vars) : listOf(spec, n, vars));
    const counted = (n: number) => describeLength(n, spec.type === 'map' ? 'entry' : 'item').replace('entrys', 'entries');
    const out: Sample[] = [];
    if (min !== undefined) {
      const bound = (sent: number) => ({ side: 'min' as const, limit: min, sent });
      out.push({
        suffix: `count.${min}`,
        title: `with ${counted(min)} (the minimum) is accepted`,
        clause,
        value: items(min),
        expect: 'accept',
        bound: bound(min),
      });
      if (min > 0)
        out.push({
          suffix: `count.${min - 1}`,
          title: `with ${counted(min - 1)} (one under the minimum) is rejected`,
          clause,
          value: items(min - 1),
          expect: 'violation',
          bound: bound(min - 1),
        });
    }
    if (max !== undefined) {
      const bound = (sent: number) => ({ side: 'max' as const, limit: max, sent });
      out.push({
        suffix: `count.${max}`,
        title: `with ${counted(max)} (the maximum) is accepted`,
        clause,
        value: items(max),
        expect: 'accept',
        bound: bound(max),
      });
      out.push({
        suffix: `count.${max + 1}`,
        title: `with ${counted(max + 1)} (one past the maximum) is rejected`,
        clause,
        value: items(max + 1),
        expect: 'violation',
        bound: bound(max + 1),
      });
    }
    return out;
  },
  check(spec, value) {
    if (!spec.count || (spec.type !== 'list' && spec.type !== 'map')) return [];
    const n = spec.type === 'list' ? (value as unknown[]).length : Object.keys(value as object).length;
    const out: KindBreach[] = [];
    if (spec.count.min !== undefined && n < spec.count.min)
      out.push({ must: `have length greater than or equal to ${spec.count.min}`, bound: { side: 'min', limit: spec.count.min } });
    if (spec.count.max !== undefined && n > spec.count.max)
      out.push({ must: `have length less than or equal to ${spec.count.max}`, bound: { side: 'max', limit: spec.count.max } });
    return out;
  },
  jsonSchema(spec) {
    if (!spec.count || (spec.type !== 'list' && spec.type !== 'map')) return {};
    const [min, max] = spec.type === 'list' ? ['minItems', 'maxItems'] : ['minProperties', 'maxProperties'];
    return { ...(spec.count.min !== undefined ? { [min]: spec.count.min } : {}), ...(spec.count.max !== undefined ? { [max]: spec.count.max } : {}) };
  },
  clause: (spec) => spec.count?.clause,
  keeping: (spec) => (spec.count && (spec.type === 'list' || spec.type === 'map') ? { items: { min: spec.count.min ?? 0, max: spec.count.max } } : undefined),
  breakingCounts(spec) {
    if (!spec.count || spec.type !== 'list') return [];
    const { min, max } = spec.count;
    return [...(max !== undefined ? [max + 1] : []), ...(min !== undefined && min > 0 ? [min - 1] : [])];
  },
  faults: (spec, path) => limitFaults('count', spec, path, 1),
};
