import type { MemberConstraints } from '../types';
import { boundsSchema } from './schema-parts';
import type { KindBreach, ConstraintKind, Sample } from './kind';
import { boundsProblem, limitFaults } from './limits';

/** The step past a bound: a tenth for a float, one for an integer. */
function stepOf(spec: MemberConstraints): number {
  return spec.type === 'float' ? 0.1 : 1;
}

/** A number's value, at and just past each bound. */
export const range: ConstraintKind = {
  name: 'range',
  column: 6,
  field: { name: 'range', schema: boundsSchema({ type: 'number' }), problem: boundsProblem },
  samples({ spec }) {
    if (!spec.range) return [];
    const { min, max, clause } = spec.range;
    const step = stepOf(spec);
    const below = (n: number) => Number((n - step).toFixed(6));
    const above = (n: number) => Number((n + step).toFixed(6));
    const out: Sample[] = [];
    if (min !== undefined) {
      out.push({
        suffix: `range.${min}`,
        title: `of ${min} (the minimum) is accepted`,
        clause,
        value: () => min,
        expect: 'accept',
        bound: { side: 'min', limit: min, sent: min },
      });
      out.push({
        suffix: `range.${below(min)}`,
        title: `of ${below(min)} (under the minimum) is rejected`,
        clause,
        value: () => below(min),
        expect: 'violation',
        bound: { side: 'min', limit: min, sent: below(min) },
      });
    }
    if (max !== undefined) {
      out.push({
        suffix: `range.${max}`,
        title: `of ${max} (the maximum) is accepted`,
        clause,
        value: () => max,
        expect: 'accept',
        bound: { side: 'max', limit: max, sent: max },
      });
      out.push({
        suffix: `range.${above(max)}`,
        title: `of ${above(max)} (past the maximum) is rejected`,
        clause,
        value: () => above(max),
        expect: 'violation',
        bound: { side: 'max', limit: max, sent: above(max) },
      });
    }
    return out;
  },
  check(spec, value) {
    if (!spec.range || (spec.type !== 'integer' && spec.type !== 'float')) return [];
    const n = value as number;
    const out: KindBreach[] = [];
    if (spec.range.min !== undefined && n < spec.range.min)
      out.push({ must: `have value greater than or equal to ${spec.range.min}`, bound: { side: 'min', limit: spec.range.min } });
    if (spec.range.max !== undefined && n > spec.range.max)
      out.push({ must: `have value less than or equal to ${spec.range.max}`, bound: { side: 'max', limit: spec.range.max } });
    return out;
  },
  jsonSchema: (spec) =>
    (spec.type === 'integer' || spec.type === 'float') && spec.range
      ? { ...(spec.range.min !== undefined ? { minimum: spec.range.min } : {}), ...(spec.range.max !== undefined ? { maximum: spec.range.max } : {}) }
      : {},
  clause: (spec) => spec.range?.clause,
  breaking(spec) {
    if ((spec.type !== 'integer' && spec.type !== 'float') || !spec.range) return [];
    const step = stepOf(spec);
    const out: number[] = [];
    if (spec.range.min !== undefined) out.push(Number((spec.range.min - step).toFixed(6)));
    if (spec.range.max !== undefined) out.push(Number((spec.range.max + step).toFixed(6)));
    return out;
  },
  keeping(spec) {
    if (spec.type !== 'integer' && spec.type !== 'float') return undefined;
    // An open side is sent within 1000 of the other, a number with no range from 0 to 1000, an integer in 32 bits.
    const min = spec.range?.min ?? (spec.range?.max !== undefined ? spec.range.max - 1000 : 0);
    const max = spec.range?.max ?? Math.min(min + 1000, 2 ** 31 - 1);
    return { edges: [min, max], between: { min, max, step: stepOf(spec) } };
  },
  faults: (spec, path) => limitFaults('range', spec, path, stepOf(spec)),
};
