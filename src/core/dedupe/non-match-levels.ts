/** Level counts per comparison over a sample of known non-matches. */
export interface NonMatchLevels {
  counts: number[][];
  pairs: number;
}
