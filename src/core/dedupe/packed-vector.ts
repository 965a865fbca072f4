import { COMPARISON_COUNT } from './comparison-schema.js';

/**
 * Comparison vectors of candidate pairs, packed one number per pair: level of comparison c
 * in base-16 digit c (`Σ level_c · 16^c`, exact in a double for up to 13 comparisons).
 */
export type PackedVectors = Float64Array;

/**
 * Packs a comparison vector into one number.
 *
 * @example
 * packLevels(Uint8Array.of(1, 2)) // 1 + 2 * 16
 */
export function packLevels(levels: ArrayLike<number>): number {
  let v = 0;
  let scale = 1;
  for (let c = 0; c < COMPARISON_COUNT; c++) {
    v += (levels[c] as number) * scale;
    scale *= 16;
  }
  return v;
}

/**
 * Reads the level of comparison `c` from a packed vector.
 *
 * @example
 * levelOf(packLevels(Uint8Array.of(1, 2)), 1) // 2
 */
export function levelOf(packed: number, c: number): number {
  return Math.floor(packed / 16 ** c) % 16;
}
