import type { ComparisonName } from './comparison-schema.js';

/**
 * A trained Fellegi–Sunter model: for each comparison c and level l, m[c][l] =
 * P(level | match) and u[c][l] = P(level | non-match); λ = P(match) among candidate pairs.
 * Plain JSON, so it can be saved and loaded as is.
 */
export interface MatchModel {
  version: 1;
  comparisons: ComparisonName[];
  levels: string[][];
  m: number[][];
  u: number[][];
  lambda: number;
  /** EM iterations run and whether the tolerance was reached before the limit. */
  iterations: number;
  converged: boolean;
  /** Candidate pairs and labelled pairs the parameters were estimated from. */
  trainedPairs: number;
  labelledPairs: number;
  /** Log-likelihood of the data under the final parameters (per iteration trace is not kept). */
  logLikelihood: number;
}
