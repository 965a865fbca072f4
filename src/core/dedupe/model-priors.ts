/**
 * Starting values and pseudo-count priors for EM, per comparison level (same order as
 * COMPARISONS). They encode what is known before seeing data: true duplicates sit at
 * small edit distances and are mostly a weakly supported record beside a strong one; two
 * different numbers of one customer are usually far apart.
 *
 * @example
 * MODEL_PRIORS.m[0].length // levels of the `number` comparison
 */
export const MODEL_PRIORS: { m: number[][]; u: number[][] } = {
  m: [
    [0.02, 0.08, 0.1, 0.03, 0.3, 0.17, 0.22, 0.07, 0.01],
    [0.6, 0.3, 0.1],
    [0.5, 0.35, 0.15],
    [0.4, 0.5, 0.1],
    [0.4, 0.5, 0.1],
    [0.05, 0.35, 0.6],
    [0.2, 0.3, 0.2, 0.3],
    [0.2, 0.3, 0.5],
    [0.2, 0.3, 0.3, 0.2],
    [0.4, 0.2, 0.4],
  ],
  u: [
    [0.002, 0.002, 0.005, 0.6, 0.03, 0.005, 0.01, 0.3, 0.046],
    [0.5, 0.3, 0.2],
    [0.4, 0.3, 0.3],
    [0.3, 0.4, 0.3],
    [0.8, 0.15, 0.05],
    [0.15, 0.35, 0.5],
    [0.4, 0.3, 0.15, 0.15],
    [0.3, 0.3, 0.4],
    [0.2, 0.3, 0.3, 0.2],
    [0.1, 0.5, 0.4],
  ],
};
