import type { MatchModel } from './match-model.js';

/**
 * Per comparison and level, the match weight log2(m/u) in bits, and the prior weight
 * log2(λ/(1−λ)).
 *
 * @example
 * modelWeights(model).levels[0][0] // weight of an exact number match
 */
export function modelWeights(model: MatchModel): { prior: number; levels: number[][] } {
  return {
    prior: Math.log2(model.lambda / (1 - model.lambda)),
    levels: model.m.map((row, c) =>
      row.map((m, l) => Math.log2(m / ((model.u[c] as number[])[l] as number))),
    ),
  };
}
