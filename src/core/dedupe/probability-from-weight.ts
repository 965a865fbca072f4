/**
 * Match probability from a total match weight in bits (prior included): 2^w / (1 + 2^w).
 *
 * @example
 * probabilityFromWeight(0) // 0.5
 */
export function probabilityFromWeight(weight: number): number {
  return 1 / (1 + 2 ** -weight);
}
