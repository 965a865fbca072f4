import { comparePair } from './compare-pair.js';
import { COMPARISON_COUNT } from './comparison-schema.js';
import type { CandidatePairs } from './generate-candidate-pairs.js';
import { type PackedVectors, packLevels } from './packed-vector.js';
import type { PreparedRecords } from './prepare-records.js';

/**
 * Computes the packed comparison vector of every candidate pair.
 *
 * @example
 * const vectors = compareCandidates(prepared, generateCandidatePairs(prepared, config));
 */
export function compareCandidates(prepared: PreparedRecords, pairs: CandidatePairs): PackedVectors {
  const out = new Float64Array(pairs.a.length);
  const levels = new Uint8Array(COMPARISON_COUNT);
  const f = prepared.features;
  for (let p = 0; p < out.length; p++) {
    comparePair(f[pairs.a[p] as number] as never, f[pairs.b[p] as number] as never, levels);
    out[p] = packLevels(levels);
  }
  return out;
}
