import { compareNumbers, NUMBER_LEVEL } from './compare-numbers.js';
import { comparePair } from './compare-pair.js';
import { COMPARISON_COUNT, COMPARISONS } from './comparison-schema.js';
import type { DedupeConfig } from './dedupe-config.js';
import type { NonMatchLevels } from './non-match-levels.js';
import type { PreparedRecords } from './prepare-records.js';
import type { RecordFeatures } from './record-features.js';

/** Candidate pairs as parallel index arrays into `PreparedRecords.records` (a < b). */
export interface CandidatePairs {
  a: Int32Array;
  b: Int32Array;
  /** Customer blocks larger than `maxBlockSize`, compared by a sorted-number window instead of all pairs. */
  oversizedBlocks: { customerId: string; size: number }[];
  /**
   * Comparison levels of the pairs left out because their numbers are far apart: two phones
   * of one customer that cannot be one number, the sample u is estimated from.
   */
  nonMatchLevels: NonMatchLevels;
}

/**
 * Blocks by customer, then keeps only pairs whose numbers are close enough to be one
 * number (`number` level other than `different`: at most two edits, or the same digits in
 * another plan or country form). Customers hold a handful of phones, so the work grows
 * linearly with the data. The closeness rule matters for training as much as for speed:
 * without it, EM explains the many far-apart pairs that involve a badly written record as
 * the "match" class (validity, type and support all agree on it) instead of the
 * duplicates. The far pairs are not dropped unseen: their comparison levels are counted
 * as the non-match sample for training. A block larger than `maxBlockSize` is
 * compared only within a window of `blockWindow` neighbours in national-number order and
 * reported, so that one runaway customer cannot make the run quadratic.
 *
 * @example
 * const pairs = generateCandidatePairs(prepareRecords(records), DEFAULT_DEDUPE_CONFIG);
 */
export function generateCandidatePairs(prepared: PreparedRecords, config: DedupeConfig): CandidatePairs {
  const { blockStarts, features, records } = prepared;
  let a = new Int32Array(Math.max(16, records.length * 2));
  let b = new Int32Array(a.length);
  let n = 0;
  const counts = COMPARISONS.map((c) => new Array<number>(c.levels.length).fill(0));
  let farPairs = 0;
  const levels = new Uint8Array(COMPARISON_COUNT);
  const push = (i: number, j: number, sample: boolean): void => {
    const fi = features[i] as RecordFeatures;
    const fj = features[j] as RecordFeatures;
    if (compareNumbers(fi.cc, fi.nsn, fj.cc, fj.nsn) === NUMBER_LEVEL.different) {
      if (!sample) return;
      comparePair(fi, fj, levels);
      farPairs++;
      for (let c = 0; c < COMPARISON_COUNT; c++) {
        const row = counts[c] as number[];
        row[levels[c] as number] = (row[levels[c] as number] as number) + 1;
      }
      return;
    }
    if (n === a.length) {
      const na = new Int32Array(a.length * 2);
      na.set(a);
      a = na;
      const nb = new Int32Array(b.length * 2);
      nb.set(b);
      b = nb;
    }
    a[n] = i;
    b[n] = j;
    n++;
  };
  const oversizedBlocks: CandidatePairs['oversizedBlocks'] = [];
  for (let k = 0; k + 1 < blockStarts.length; k++) {
    const s = blockStarts[k] as number;
    const e = blockStarts[k + 1] as number;
    const size = e - s;
    if (size <= config.maxBlockSize) {
      for (let i = s; i < e; i++) for (let j = i + 1; j < e; j++) push(i, j, true);
      continue;
    }
    oversizedBlocks.push({ customerId: (records[s] as { customer_id: string }).customer_id, size });
    // Sort by national number so typos of one number (same leading digits) sit close.
    const order = Array.from({ length: size }, (_, t) => s + t).sort((x, y) => {
      const fx = features[x]?.nsn ?? '';
      const fy = features[y]?.nsn ?? '';
      return fx < fy ? -1 : fx > fy ? 1 : x - y;
    });
    const seen = new Set<number>();
    for (let t = 0; t < size; t++) {
      for (let w = 1; w <= config.blockWindow && t + w < size; w++) {
        const i = Math.min(order[t] as number, order[t + w] as number);
        const j = Math.max(order[t] as number, order[t + w] as number);
        const key = i * size + j;
        if (!seen.has(key)) {
          seen.add(key);
          push(i, j, false);
        }
      }
    }
  }
  return { a: a.slice(0, n), b: b.slice(0, n), oversizedBlocks, nonMatchLevels: { counts, pairs: farPairs } };
}
