/** Pairwise quality of predicted clusters against true clusters. */
export interface PairEvaluation {
  precision: number;
  recall: number;
  f1: number;
  truePositives: number;
  predictedPairs: number;
  truePairs: number;
}

/**
 * Precision, recall and F1 over pairwise decisions: a pair of records is "predicted" when
 * both sit in one predicted cluster and "true" when both sit in one true cluster.
 * Singletons may be left out of either list. Counted from cluster intersections, so it is
 * linear in the number of records, not in pairs.
 *
 * @example
 * evaluatePairs([['a', 'b']], [['a', 'b', 'c']]) // precision 1, recall 1/3
 */
export function evaluatePairs(
  predictedClusters: readonly (readonly string[])[],
  truthClusters: readonly (readonly string[])[],
): PairEvaluation {
  const truthOf = new Map<string, number>();
  truthClusters.forEach((c, i) => {
    for (const id of c) truthOf.set(id, i);
  });
  const pairs = (n: number): number => (n * (n - 1)) / 2;
  let predictedPairs = 0;
  let truePositives = 0;
  for (const c of predictedClusters) {
    predictedPairs += pairs(c.length);
    const byTruth = new Map<number, number>();
    for (const id of c) {
      const t = truthOf.get(id);
      if (t !== undefined) byTruth.set(t, (byTruth.get(t) ?? 0) + 1);
    }
    for (const n of byTruth.values()) truePositives += pairs(n);
  }
  const truePairs = truthClusters.reduce((s, c) => s + pairs(c.length), 0);
  const precision = predictedPairs === 0 ? 1 : truePositives / predictedPairs;
  const recall = truePairs === 0 ? 1 : truePositives / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, truePositives, predictedPairs, truePairs };
}
