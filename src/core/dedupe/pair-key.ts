const SPAN = 2 ** 26;

/**
 * One number for an unordered pair of record positions (below 2^26 = 67M records, which
 * keeps the key exact in a double).
 *
 * @example
 * pairKey(7, 3) === pairKey(3, 7) // true
 */
export function pairKey(i: number, j: number): number {
  return i < j ? i * SPAN + j : j * SPAN + i;
}
