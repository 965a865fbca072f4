import type { CountShare } from './quality-types.js';

/** Counts values of a low-cardinality field (source, type, country, carrier, issue code). */
export interface ValueCounter {
  add(value: string | null | undefined): void;
  /** Largest first; beyond `limit` values the rest are summed under `other`. */
  result(limit?: number): CountShare[];
}

/**
 * A counter for distribution charts. Keeps at most `maxKeys` distinct values; later new
 * values are counted under `(other)` so a free-text field cannot grow it without bound.
 *
 * @example
 * const c = createValueCounter();
 * c.add('mobile'); c.add('mobile'); c.add(null);
 * c.result(); // [{ key: 'mobile', count: 2, share: 0.667 }, { key: '(none)', count: 1, share: 0.333 }]
 */
export function createValueCounter(maxKeys = 1000): ValueCounter {
  const counts = new Map<string, number>();
  let total = 0;
  return {
    add(value) {
      total++;
      let key = value === null || value === undefined || value === '' ? '(none)' : value;
      if (!counts.has(key) && counts.size >= maxKeys) key = '(other)';
      counts.set(key, (counts.get(key) ?? 0) + 1);
    },
    result(limit = Number.POSITIVE_INFINITY) {
      const sorted = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      const head = sorted.slice(0, limit);
      const rest = sorted.slice(limit).reduce((sum, [, n]) => sum + n, 0);
      if (rest > 0) head.push(['(other)', rest]);
      return head.map(([key, count]) => ({ key, count, share: total === 0 ? 0 : count / total }));
    },
  };
}
