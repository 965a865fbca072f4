import type { FailingIds, IdKind } from './quality-types.js';

/** Appends ids one at a time and returns them in the compact `FailingIds` form. */
export interface IdCollector {
  add(id: string | number): void;
  readonly count: number;
  result(): FailingIds;
}

const CANONICAL_INT = /^(0|[1-9]\d{0,15})$/;

/**
 * Collects every failing id (never a sample). Integer ids, as stores and row numbers give
 * them, are kept as inclusive ranges, so a run of consecutive failures costs one pair;
 * other ids are kept as strings.
 *
 * @example
 * const c = createIdCollector('row');
 * for (const n of [3, 4, 5, 9]) c.add(n);
 * c.result(); // { kind: 'row', count: 4, ranges: [[3, 5], [9, 9]], ids: [] }
 */
export function createIdCollector(kind: IdKind): IdCollector {
  const ranges: Array<[number, number]> = [];
  const ids: string[] = [];
  let count = 0;
  return {
    add(id) {
      count++;
      const n = typeof id === 'number' ? id : CANONICAL_INT.test(id) ? Number(id) : Number.NaN;
      if (!Number.isSafeInteger(n) || n < 0) {
        ids.push(String(id));
        return;
      }
      const last = ranges[ranges.length - 1];
      if (last && n === last[1] + 1) last[1] = n;
      else ranges.push([n, n]);
    },
    get count() {
      return count;
    },
    result() {
      const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
      const merged: Array<[number, number]> = [];
      for (const [start, end] of sorted) {
        const last = merged[merged.length - 1];
        if (last && start <= last[1] + 1) last[1] = Math.max(last[1], end);
        else merged.push([start, end]);
      }
      return { kind, count, ranges: merged, ids: [...ids] };
    },
  };
}
