import type { FailingIds } from './quality-types.js';

/**
 * Lists the ids of a `FailingIds` one by one (ranges first, in order, then the other ids),
 * stopping after `limit` when given.
 *
 * @example
 * [...expandFailingIds({ kind: 'row', count: 3, ranges: [[2, 3]], ids: ['x'] })]; // ['2', '3', 'x']
 */
export function* expandFailingIds(failing: FailingIds, limit = Number.POSITIVE_INFINITY): Generator<string> {
  let emitted = 0;
  for (const [start, end] of failing.ranges) {
    for (let n = start; n <= end; n++) {
      if (emitted++ >= limit) return;
      yield String(n);
    }
  }
  for (const id of failing.ids) {
    if (emitted++ >= limit) return;
    yield id;
  }
}
