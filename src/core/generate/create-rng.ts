/** A seeded pseudo-random source. Same seed, same sequence, on every platform. */
export interface Rng {
  /** Next 32-bit unsigned integer. */
  nextUint32(): number;
  /** Uniform float in [0, 1). */
  float(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element of a non-empty list, uniformly. */
  pick<T>(items: readonly T[]): T;
  /** One value of a `[value, weight]` table, proportionally to the weights. */
  weighted<T>(table: readonly (readonly [T, number])[]): T;
}

/**
 * Creates a xoshiro128** generator seeded through splitmix32. Written here rather
 * than imported because the generator must stay pure and byte-for-byte stable across
 * library upgrades (a seed is a promise that the same file comes out), and
 * `Math.random` cannot be seeded.
 *
 * @example
 * const rng = createRng(42);
 * rng.int(10); // always the same first value for seed 42
 */
export function createRng(seed: number | string): Rng {
  let h = typeof seed === 'number' ? seed >>> 0 : hashString(seed);
  const splitmix = (): number => {
    h = (h + 0x9e3779b9) >>> 0;
    let z = h;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  if ((a | b | c | d) === 0) a = 1;

  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  const float = (): number => nextUint32() / 4294967296;
  const int = (n: number): number => Math.floor(float() * n);
  return {
    nextUint32,
    float,
    int,
    chance: (p) => float() < p,
    pick: (items) => items[int(items.length)] as (typeof items)[number],
    weighted: (table) => {
      let total = 0;
      for (const [, w] of table) total += w;
      let x = float() * total;
      for (const [value, w] of table) {
        x -= w;
        if (x < 0) return value;
      }
      return (table[table.length - 1] as (typeof table)[number])[0];
    },
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

// FNV-1a, so that a textual seed (`--seed demo`) is as reproducible as a number.
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
