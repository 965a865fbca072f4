import { SAME_NUMBER_LEVELS } from './comparison-schema.js';
import type { DedupeConfig } from './dedupe-config.js';
import type { MatchModel } from './match-model.js';
import type { TermFrequencies } from './term-frequencies.js';

/**
 * Term-frequency adjustment (bits) of a pair whose `number` comparison says "the same
 * number": log2(u_level / u_value), where u_value is the share of all records holding that
 * number. Only penalises (≤ 0, down to −maxPenalty): a number held by many records (a
 * switchboard, a placeholder) is weaker evidence than the average agreeing number.
 *
 * @example
 * termFrequencyWeight(model, 0, '+573000000000', '+573000000000', tf, config) // e.g. −6.2
 */
export function termFrequencyWeight(
  model: MatchModel,
  numberLevel: number,
  e164A: string,
  e164B: string,
  tf: TermFrequencies | undefined,
  config: DedupeConfig,
): number {
  if (!tf || !config.termFrequency.enabled || tf.total === 0 || !SAME_NUMBER_LEVELS.includes(numberLevel))
    return 0;
  const count = Math.max(tf.counts.get(e164A) ?? 1, tf.counts.get(e164B) ?? 1);
  const uValue = count / tf.total;
  const uLevel = (model.u[0] as number[])[numberLevel] as number;
  const adj = Math.log2(uLevel / uValue);
  return Math.max(-config.termFrequency.maxPenalty, Math.min(0, adj));
}
