import type { MemberConstraints } from '../types';
import type { KindFault } from './kind';

type LimitKind = 'length' | 'count' | 'range';

/** A limit's bounds the wrong way round: what its JSON Schema cannot say. */
export function boundsProblem(value: unknown): string | undefined {
  const b = value as { min?: number; max?: number };
  return b.min !== undefined && b.max !== undefined && b.min > b.max ? `min ${b.min} is greater than max ${b.max}` : undefined;
}

/**
 * Every bound of a limit off by one in each direction: `+1` on a max or `-1` on a min loosens it, the other
 * direction tightens it. Each names the boundary case that notices it, in the suffix the kind's own cases have.
 */
export function limitFaults(kind: LimitKind, spec: MemberConstraints, path: string, step: number): KindFault[] {
  const limit = spec[kind];
  if (!limit) return [];
  const faults: KindFault[] = [];
  const at = (n: number) => `${kind}.${Number(n.toFixed(6))}`;
  for (const bound of ['min', 'max'] as const) {
    const value = limit[bound];
    if (value === undefined) continue;
    for (const delta of [1, -1]) {
      const changed = value + delta;
      // A length or item count is never negative, so a minimum of -1 admits exactly what a minimum of 0 does.
      const equivalent =
        kind !== 'range' && changed < 0
          ? `a ${kind === 'count' ? 'list' : 'string'} cannot have fewer than 0 ${kind === 'count' ? 'items' : 'characters'}, so a minimum of ${changed} accepts exactly what ${value} does`
          : undefined;
      // The case that notices a loosened bound is the one just past it; a tightened one, the one at it.
      const noticing = bound === 'max' ? (delta > 0 ? at(value + step) : at(value)) : delta < 0 ? at(value - step) : at(value);
      faults.push({
        suffix: `${kind}.${bound}${delta > 0 ? '+1' : '-1'}`,
        description: `${path} ${kind} ${bound} is ${changed} instead of ${value}`,
        change: (m) => {
          (m[kind] as Record<'min' | 'max', number>)[bound] = changed;
        },
        noticedBy: [noticing],
        ...(equivalent ? { equivalent } : {}),
      });
    }
  }
  return faults;
}
