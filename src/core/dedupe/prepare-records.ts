import type { PhoneRecord } from '../registry/phone-record.js';
import { type RecordFeatures, recordFeatures } from './record-features.js';

/** Registry records in the engine's working order, with their features and blocks. */
export interface PreparedRecords {
  /** Active records (not deleted, not already merged) sorted by customer, number, phone id. */
  records: PhoneRecord[];
  features: RecordFeatures[];
  /** Customer blocks: block k is records[blockStarts[k]] … records[blockStarts[k + 1] - 1]. */
  blockStarts: Int32Array;
  /**
   * Records per E.164 across all customers (term frequencies), for the numbers held by two
   * records or more only: a number absent from the map is held by one record (read it with
   * `?? 1`). A full map of a million mostly unique numbers costs more than the whole
   * comparison step, for no information.
   */
  numberCounts: Map<string, number>;
  /** Parallel to `records`: how many records hold that record's E.164. */
  numberCountOf: Int32Array;
}

/**
 * Filters out deleted and already-merged rows, sorts the rest into a canonical order (so
 * that the output never depends on input order) and precomputes comparison features,
 * customer blocks and number frequencies.
 *
 * @example
 * const prepared = prepareRecords(records);
 * prepared.blockStarts.length - 1 // number of customers
 */
export function prepareRecords(input: readonly PhoneRecord[]): PreparedRecords {
  let n = 0;
  for (const r of input) if (r.deleted_at === null && r.merged_into === null) n++;
  const active = new Array<PhoneRecord>(n);
  n = 0;
  for (const r of input) if (r.deleted_at === null && r.merged_into === null) active[n++] = r;

  // Intern customers in an open-addressing table of typed arrays, sort the distinct ids once,
  // then place records by counting sort and sort each (small) block. A Map keyed by a million
  // strings spends most of its time in garbage collection; these tables allocate once.
  const customerOf = new Int32Array(n);
  const firstOf = new Int32Array(n);
  let customerCount = 0;
  {
    const mask = tableSize(n) - 1;
    const slots = new Int32Array(mask + 1).fill(-1);
    for (let i = 0; i < n; i++) {
      const id = (active[i] as PhoneRecord).customer_id;
      let h = hashString(id) & mask;
      for (;;) {
        const k = slots[h] as number;
        if (k === -1) {
          slots[h] = customerCount;
          firstOf[customerCount] = i;
          customerOf[i] = customerCount++;
          break;
        }
        if ((active[firstOf[k] as number] as PhoneRecord).customer_id === id) {
          customerOf[i] = k;
          break;
        }
        h = (h + 1) & mask;
      }
    }
  }
  const idOf = (k: number): string => (active[firstOf[k] as number] as PhoneRecord).customer_id;
  const byId = new Array<number>(customerCount);
  for (let k = 0; k < customerCount; k++) byId[k] = k;
  byId.sort((x, y) => {
    const a = idOf(x);
    const b = idOf(y);
    return a < b ? -1 : a > b ? 1 : 0;
  });
  const rank = new Int32Array(customerCount);
  for (let r = 0; r < customerCount; r++) rank[byId[r] as number] = r;
  const starts = new Int32Array(customerCount + 1);
  for (let i = 0; i < n; i++) {
    const k = (rank[customerOf[i] as number] as number) + 1;
    starts[k] = (starts[k] as number) + 1;
  }
  for (let k = 0; k < customerCount; k++) starts[k + 1] = (starts[k + 1] as number) + (starts[k] as number);
  const fill = starts.slice(0, customerCount);
  const records = new Array<PhoneRecord>(n);
  for (let i = 0; i < n; i++) {
    const k = rank[customerOf[i] as number] as number;
    records[fill[k] as number] = active[i] as PhoneRecord;
    fill[k] = (fill[k] as number) + 1;
  }
  for (let k = 0; k < customerCount; k++) {
    const s = starts[k] as number;
    const e = starts[k + 1] as number;
    if (e - s > 1) sortRange(records, s, e);
  }
  const features = new Array<RecordFeatures>(n);
  for (let i = 0; i < n; i++) features[i] = recordFeatures(records[i] as PhoneRecord);
  const { numberCounts, numberCountOf } = countNumbers(records);
  return { records, features, blockStarts: starts, numberCounts, numberCountOf };
}

// Counts records per E.164. An E.164 (`+` and at most 15 digits, no leading 0) is exactly a
// double, so the counting table holds numbers, not strings; anything else falls back to a Map.
function countNumbers(records: readonly PhoneRecord[]): {
  numberCounts: Map<string, number>;
  numberCountOf: Int32Array;
} {
  const n = records.length;
  const mask = tableSize(n) - 1;
  const keys = new Float64Array(mask + 1);
  const counts = new Int32Array(mask + 1);
  const slotOf = new Int32Array(n);
  const other = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const phone = (records[i] as PhoneRecord).phone_number;
    const key = e164Value(phone);
    if (key === 0) {
      other.set(phone, (other.get(phone) ?? 0) + 1);
      slotOf[i] = -1;
      continue;
    }
    let h = hashNumber(key) & mask;
    while (keys[h] !== 0 && keys[h] !== key) h = (h + 1) & mask;
    keys[h] = key;
    counts[h] = (counts[h] as number) + 1;
    slotOf[i] = h;
  }
  const numberCounts = new Map<string, number>();
  const numberCountOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const phone = (records[i] as PhoneRecord).phone_number;
    const slot = slotOf[i] as number;
    const count = slot === -1 ? (other.get(phone) as number) : (counts[slot] as number);
    numberCountOf[i] = count;
    if (count > 1) numberCounts.set(phone, count);
  }
  return { numberCounts, numberCountOf };
}

// The digits of `+d…d` (1 to 15 digits, first not 0) as a number, or 0 when it is not that shape.
function e164Value(phone: string): number {
  const len = phone.length;
  if (len < 2 || len > 16 || phone.charCodeAt(0) !== 43 || phone.charCodeAt(1) === 48) return 0;
  let v = 0;
  for (let i = 1; i < len; i++) {
    const d = phone.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return 0;
    v = v * 10 + d;
  }
  return v;
}

function tableSize(n: number): number {
  let size = 16;
  while (size < n * 2) size *= 2;
  return size;
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h ^ (h >>> 15)) >>> 0;
}

function hashNumber(v: number): number {
  const lo = (v % 0x4000000) | 0;
  const hi = Math.floor(v / 0x4000000) | 0;
  const h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}

// Blocks hold a couple of records: insertion sort in place, no copy; large blocks use the built-in sort.
function sortRange(records: PhoneRecord[], s: number, e: number): void {
  if (e - s > 32) {
    const block = records.slice(s, e).sort(compareInBlock);
    for (let i = 0; i < block.length; i++) records[s + i] = block[i] as PhoneRecord;
    return;
  }
  for (let i = s + 1; i < e; i++) {
    const r = records[i] as PhoneRecord;
    let j = i - 1;
    while (j >= s && compareInBlock(records[j] as PhoneRecord, r) > 0) {
      records[j + 1] = records[j] as PhoneRecord;
      j--;
    }
    records[j + 1] = r;
  }
}

function compareInBlock(a: PhoneRecord, b: PhoneRecord): number {
  if (a.phone_number !== b.phone_number) return a.phone_number < b.phone_number ? -1 : 1;
  return a.phone_id < b.phone_id ? -1 : a.phone_id > b.phone_id ? 1 : 0;
}
