import { COMPARISONS } from './comparison-schema.js';
import type { MatchModel } from './match-model.js';

/**
 * Per comparison and level, the match weight log2(m/u) in bits, and the prior weight
 * log2(λ/(1−λ)).
 *
 * @example
 * modelWeights(model).levels[0][0] // weight of an exact number match
 */
export function modelWeights(model: MatchModel): { prior: number; levels: number[][] } {
  // A model saved before a comparison was added has no row for it: that comparison then
  // weighs 0 bits (no evidence), so older models keep scoring as they did.
  return {
    prior: Math.log2(model.lambda / (1 - model.lambda)),
    levels: COMPARISONS.map((comparison, c) => {
      const m = model.m[c];
      const u = model.u[c];
      if (!m || !u) return comparison.levels.map(() => 0);
      return m.map((mv, l) => Math.log2(mv / (u[l] as number)));
    }),
  };
}
