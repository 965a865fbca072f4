import { NUMBER_LEVEL } from './compare-numbers.js';
import { comparePair } from './compare-pair.js';
import { COMPARISON_COUNT, COMPARISONS } from './comparison-schema.js';
import type { DedupeConfig } from './dedupe-config.js';
import type { NonMatchLevels } from './non-match-levels.js';
import type { PreparedRecords } from './prepare-records.js';
import type { RecordFeatures } from './record-features.js';

/**
 * Counts comparison levels over pairs of one customer whose numbers are far apart (number
 * level `different`): two phones of the same customer that cannot be one number. They are
 * the right sample for u: same customer like every candidate pair, yet certainly not a match.
 * Blocks larger than `maxBlockSize` are skipped (their pairs would dominate the sample).
 *
 * @example
 * trainModel(vectors, { nonMatchLevels: countNonMatchLevels(prepared, config) })
 */
export function countNonMatchLevels(prepared: PreparedRecords, config: DedupeConfig): NonMatchLevels {
  const counts = COMPARISONS.map((c) => new Array<number>(c.levels.length).fill(0));
  const levels = new Uint8Array(COMPARISON_COUNT);
  const { blockStarts, features } = prepared;
  let pairs = 0;
  for (let k = 0; k + 1 < blockStarts.length; k++) {
    const s = blockStarts[k] as number;
    const e = blockStarts[k + 1] as number;
    if (e - s > config.maxBlockSize) continue;
    for (let i = s; i < e; i++) {
      for (let j = i + 1; j < e; j++) {
        comparePair(features[i] as RecordFeatures, features[j] as RecordFeatures, levels);
        if (levels[0] !== NUMBER_LEVEL.different) continue;
        pairs++;
        for (let c = 0; c < COMPARISON_COUNT; c++) {
          const row = counts[c] as number[];
          row[levels[c] as number] = (row[levels[c] as number] as number) + 1;
        }
      }
    }
  }
  return { counts, pairs };
}
