import type { PhoneRecord } from '../registry/phone-record.js';
import { comparePair } from './compare-pair.js';
import { COMPARISON_COUNT, COMPARISONS } from './comparison-schema.js';
import { DEFAULT_DEDUPE_CONFIG, type DedupeConfig } from './dedupe-config.js';
import type { MatchModel } from './match-model.js';
import { modelWeights } from './model-weights.js';
import { probabilityFromWeight } from './probability-from-weight.js';
import { recordFeatures } from './record-features.js';
import type { TermFrequencies } from './term-frequencies.js';
import { termFrequencyWeight } from './term-frequency-weight.js';

/** One bar of the waterfall. */
export interface ExplanationStep {
  /** `prior`, a comparison name, or `term_frequency`. */
  name: string;
  /** Level name of the comparison (empty for prior and term frequency). */
  level: string;
  m: number | null;
  u: number | null;
  /** Bits this step adds to the total. */
  weight: number;
  /** Running total after this step. */
  cumulative: number;
}

/** Why a pair scored as it did: the steps sum to `totalWeight`. */
export interface PairExplanation {
  a: string;
  b: string;
  steps: ExplanationStep[];
  totalWeight: number;
  probability: number;
  decision: 'auto_merge' | 'review' | 'non_match';
}

/**
 * Explains the score of a pair as a waterfall: the prior, then each comparison's level
 * and log2(m/u), then the term-frequency adjustment; the steps add up to the total weight.
 *
 * @example
 * explainPair(a, b, model).steps.map((s) => `${s.name}=${s.level}`)
 */
export function explainPair(
  a: PhoneRecord,
  b: PhoneRecord,
  model: MatchModel,
  options: { config?: DedupeConfig; termFrequencies?: TermFrequencies } = {},
): PairExplanation {
  const config = options.config ?? DEFAULT_DEDUPE_CONFIG;
  const w = modelWeights(model);
  const levels = comparePair(recordFeatures(a), recordFeatures(b));
  const steps: ExplanationStep[] = [];
  let total = w.prior;
  steps.push({ name: 'prior', level: '', m: null, u: null, weight: w.prior, cumulative: total });
  for (let c = 0; c < COMPARISON_COUNT; c++) {
    const l = levels[c] as number;
    const weight = (w.levels[c] as number[])[l] as number;
    total += weight;
    steps.push({
      name: (COMPARISONS[c] as { name: string }).name,
      level: (COMPARISONS[c] as { levels: readonly string[] }).levels[l] as string,
      // A comparison the model predates reads m = u = 1 (no evidence), as its weight 0 says.
      m: model.m[c]?.[l] ?? 1,
      u: model.u[c]?.[l] ?? 1,
      weight,
      cumulative: total,
    });
  }
  const tf = termFrequencyWeight(
    model,
    levels[0] as number,
    a.phone_number,
    b.phone_number,
    options.termFrequencies,
    config,
  );
  if (tf !== 0) {
    total += tf;
    steps.push({ name: 'term_frequency', level: '', m: null, u: null, weight: tf, cumulative: total });
  }
  const probability = probabilityFromWeight(total);
  const decision =
    probability >= config.autoMergeThreshold
      ? 'auto_merge'
      : probability >= config.reviewThreshold
        ? 'review'
        : 'non_match';
  return { a: a.phone_id, b: b.phone_id, steps, totalWeight: total, probability, decision };
}
