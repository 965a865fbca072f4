import { COMPARISON_COUNT } from './comparison-schema.js';
import type { DedupeConfig } from './dedupe-config.js';
import type { CandidatePairs } from './generate-candidate-pairs.js';
import type { MatchModel } from './match-model.js';
import { modelWeights } from './model-weights.js';
import { levelOf, type PackedVectors } from './packed-vector.js';
import type { PreparedRecords } from './prepare-records.js';
import { probabilityFromWeight } from './probability-from-weight.js';
import { termFrequencyWeight } from './term-frequency-weight.js';

/** Candidate pairs with their total match weight (bits) and probability, parallel to the pairs. */
export interface ScoredPairs extends CandidatePairs {
  vectors: PackedVectors;
  weight: Float64Array;
  probability: Float64Array;
}

/**
 * Scores every candidate pair: prior + Σ log2(m/u) over its comparison levels, plus the
 * term-frequency adjustment when the number is the same. Weights are looked up per
 * distinct vector, so scoring is one table lookup per pair.
 *
 * @example
 * const scored = scorePairs(prepared, pairs, vectors, model, config);
 * scored.probability[0]
 */
export function scorePairs(
  prepared: PreparedRecords,
  pairs: CandidatePairs,
  vectors: PackedVectors,
  model: MatchModel,
  config: DedupeConfig,
): ScoredPairs {
  const w = modelWeights(model);
  const cache = new Map<number, number>();
  const tf = { counts: prepared.numberCounts, total: prepared.records.length };
  const weight = new Float64Array(vectors.length);
  const probability = new Float64Array(vectors.length);
  for (let p = 0; p < vectors.length; p++) {
    const v = vectors[p] as number;
    let base = cache.get(v);
    if (base === undefined) {
      base = w.prior;
      for (let c = 0; c < COMPARISON_COUNT; c++) base += (w.levels[c] as number[])[levelOf(v, c)] as number;
      cache.set(v, base);
    }
    const numberLevel = v % 16;
    const total =
      base +
      termFrequencyWeight(
        model,
        numberLevel,
        prepared.records[pairs.a[p] as number]?.phone_number ?? '',
        prepared.records[pairs.b[p] as number]?.phone_number ?? '',
        tf,
        config,
      );
    weight[p] = total;
    probability[p] = probabilityFromWeight(total);
  }
  return { ...pairs, vectors, weight, probability };
}
