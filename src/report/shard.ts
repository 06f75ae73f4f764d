import { BadInputError } from '../errors';
/** One slice of the case table: shard `index` (1-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

export class ShardError extends BadInputError {
  override name = 'ShardError';
}

/** Parses `i/n` with 1 ≤ i ≤ n. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new ShardError(`--shard must look like i/n (e.g. 2/4), not ${JSON.stringify(text)}`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) throw new ShardError(`--shard ${text}: need 1 ≤ i ≤ n`);
  return { index, count };
}

/**
 * The cases of one shard: every n-th case of the stable, generated order, starting at the i-th.
 * Deterministic (the order comes from contracts/ alone, never from the run id), balanced (shard sizes differ
 * by at most one), and the n shards together hold every case exactly once.
 */
export function selectShard<T>(cases: readonly T[], shard: Shard | undefined): T[] {
  if (!shard || shard.count === 1) return [...cases];
  return cases.filter((_, position) => position % shard.count === shard.index - 1);
}
