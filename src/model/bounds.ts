import type { MemberType } from '../spec/types';
import { LARGEST_BUILDABLE } from '../spec/kinds/schema-parts';
import { ModelError } from './smithy';

/**
 * The bounds of a `@length` or `@range` trait as a model states them, checked before any case is made of them. A
 * bound no value can have (a negative length, a fraction of a character, a minimum above the maximum) stops the
 * import, naming the trait. A bound no case can reach is left out of the spec and listed as uncovered with why:
 * a length past the longest value a case builds (LARGEST_BUILDABLE), or a number whose neighbour one step past it
 * is not a different JavaScript number (past 2^53 - 2, `max + 1 === max`, so "past the maximum" cannot be sent).
 */
export interface CheckedBounds {
  bounds: { min?: number; max?: number };
  /** Why each bound left out cannot be tested, one sentence each. */
  unreachable: string[];
}

/** The largest magnitude whose neighbours one whole step away are exactly representable, so both can be sent. */
export const LARGEST_STEPPABLE = Number.MAX_SAFE_INTEGER - 1;

/**
 * @param cited the trait as the import cites it (`ex#Name smithy.api#length min 1 max 5`), for the message
 * @param counts whether the bounds count characters or items (`@length`) rather than bound a value (`@range`)
 */
export function checkedBounds(cited: string, raw: unknown, counts: boolean, type: MemberType): CheckedBounds {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ModelError(`${cited}: the trait is not an object with "min" and/or "max"`);
  const trait = raw as Record<string, unknown>;
  const bounds: { min?: number; max?: number } = {};
  const unreachable: string[] = [];
  const whole = counts || type === 'integer';
  for (const side of ['min', 'max'] as const) {
    if (!Object.hasOwn(trait, side) || trait[side] === undefined) continue;
    const given = trait[side];
    const n = typeof given === 'number' || typeof given === 'string' ? Number(given) : Number.NaN;
    const shown = JSON.stringify(given);
    if ((typeof given === 'string' && given.trim() === '') || !Number.isFinite(n)) throw new ModelError(`${cited}: ${side} ${shown} is not a number`);
    if (whole && !Number.isInteger(n))
      throw new ModelError(
        `${cited}: ${side} ${shown} is not a whole number, and ${counts ? 'a length counts whole characters or items' : `the member is an integer`}`,
      );
    if (counts && n < 0) throw new ModelError(`${cited}: ${side} ${shown} is negative, and a length cannot be`);
    if (counts && n > LARGEST_BUILDABLE) {
      unreachable.push(`${side} ${shown} is past the longest value a case builds (${LARGEST_BUILDABLE}): no case can reach it, so it is left out of the spec`);
      continue;
    }
    if (!counts && Math.abs(n) > LARGEST_STEPPABLE) {
      unreachable.push(
        `${side} ${shown} is past ${LARGEST_STEPPABLE} (2^53 - 2), where a JavaScript number one step ${side === 'max' ? 'above' : 'below'} it is not a different number: no case can cross it, so it is left out of the spec`,
      );
      continue;
    }
    bounds[side] = n;
  }
  const { min, max } = { min: Number(trait.min), max: Number(trait.max) };
  if (Number.isFinite(min) && Number.isFinite(max) && min > max)
    throw new ModelError(`${cited}: min ${String(trait.min)} is greater than max ${String(trait.max)}`);
  return { bounds, unreachable };
}
