/** How many records hold each E.164, out of how many records: the basis of term-frequency adjustment. */
export interface TermFrequencies {
  counts: ReadonlyMap<string, number>;
  total: number;
}
