import { pairKey } from './pair-key.js';

/**
 * True when some record of `a` and some record of `b` form a candidate pair scored below
 * `floor`. Pairs that were never candidates (numbers far apart) carry no score and do not
 * block: a legacy-plan form and a typo of the new-plan form may be far from each other.
 *
 * @example
 * conflicts([0], [1], new Map([[pairKey(0, 1), 0.01]]), 0.5) // true
 */
export function conflicts(
  a: readonly number[],
  b: readonly number[],
  scoreOf: ReadonlyMap<number, number>,
  floor: number,
): boolean {
  for (const x of a) {
    for (const y of b) {
      const p = scoreOf.get(pairKey(x, y));
      if (p !== undefined && p < floor) return true;
    }
  }
  return false;
}
