import { compareNumbers } from './compare-numbers.js';
import { COMPARISON_COUNT } from './comparison-schema.js';
import type { RecordFeatures } from './record-features.js';

const UNKNOWN_TYPES = new Set(['unknown', 'fixed_or_mobile']);

/**
 * Builds the comparison vector of two records: one level per entry of COMPARISONS, written
 * into `out` (reused by callers that compare millions of pairs).
 *
 * @example
 * comparePair(recordFeatures(a), recordFeatures(b))[0] // level of the `number` comparison
 */
export function comparePair(
  a: RecordFeatures,
  b: RecordFeatures,
  out: Uint8Array = new Uint8Array(COMPARISON_COUNT),
): Uint8Array {
  out[0] = compareNumbers(a.cc, a.nsn, b.cc, b.nsn);
  out[1] =
    a.type === b.type
      ? UNKNOWN_TYPES.has(a.type)
        ? 1
        : 0
      : UNKNOWN_TYPES.has(a.type) || UNKNOWN_TYPES.has(b.type)
        ? 1
        : 2;
  out[2] = a.carrier === null || b.carrier === null ? 1 : a.carrier === b.carrier ? 0 : 2;
  out[3] = a.region === null || b.region === null ? 1 : a.region === b.region ? 0 : 2;
  out[4] = a.valid ? (b.valid ? 0 : 1) : b.valid ? 1 : 2;
  out[5] = a.verified ? (b.verified ? 0 : 1) : b.verified ? 1 : 2;
  const lo = Math.min(a.timesSeen, b.timesSeen);
  const hi = Math.max(a.timesSeen, b.timesSeen);
  out[6] = lo >= 2 ? 0 : hi === 1 ? 1 : hi === 2 ? 2 : 3;
  out[7] = a.sourceMask === b.sourceMask ? 0 : (a.sourceMask & b.sourceMask) !== 0 ? 1 : 2;
  const days = Math.abs(a.updatedDay - b.updatedDay);
  out[8] = days < 1 ? 0 : days <= 30 ? 1 : days <= 365 ? 2 : 3;
  out[9] = a.primary ? (b.primary ? 0 : 1) : b.primary ? 1 : 2;
  return out;
}
