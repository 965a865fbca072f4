import type { PhoneRecord } from '../registry/phone-record.js';
import { type RecordFeatures, recordFeatures } from './record-features.js';

/** Registry records in the engine's working order, with their features and blocks. */
export interface PreparedRecords {
  /** Active records (not deleted, not already merged) sorted by customer, number, phone id. */
  records: PhoneRecord[];
  features: RecordFeatures[];
  /** Customer blocks: block k is records[blockStarts[k]] … records[blockStarts[k + 1] - 1]. */
  blockStarts: Int32Array;
  /** Records per E.164 across all customers (term frequencies). */
  numberCounts: Map<string, number>;
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
  // Intern customers, sort the distinct ids once, then place records by counting sort and
  // sort each (small) block: cheaper than one sort of every record on three string keys.
  const active = input.filter((r) => r.deleted_at === null && r.merged_into === null);
  const customerIndex = new Map<string, number>();
  const customerOf = new Int32Array(active.length);
  for (let i = 0; i < active.length; i++) {
    const id = (active[i] as PhoneRecord).customer_id;
    let k = customerIndex.get(id);
    if (k === undefined) {
      k = customerIndex.size;
      customerIndex.set(id, k);
    }
    customerOf[i] = k;
  }
  const customers = [...customerIndex.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rank = new Int32Array(customers.length);
  customers.forEach((id, r) => {
    rank[customerIndex.get(id) as number] = r;
  });
  const starts = new Int32Array(customers.length + 1);
  for (let i = 0; i < active.length; i++) {
    const k = (rank[customerOf[i] as number] as number) + 1;
    starts[k] = (starts[k] as number) + 1;
  }
  for (let k = 0; k < customers.length; k++)
    starts[k + 1] = (starts[k + 1] as number) + (starts[k] as number);
  const fill = starts.slice(0, customers.length);
  const records = new Array<PhoneRecord>(active.length);
  for (let i = 0; i < active.length; i++) {
    const k = rank[customerOf[i] as number] as number;
    records[fill[k] as number] = active[i] as PhoneRecord;
    fill[k] = (fill[k] as number) + 1;
  }
  for (let k = 0; k < customers.length; k++) {
    const s = starts[k] as number;
    const e = starts[k + 1] as number;
    if (e - s > 1) sortRange(records, s, e);
  }
  const features = new Array<RecordFeatures>(records.length);
  const numberCounts = new Map<string, number>();
  for (let i = 0; i < records.length; i++) {
    const r = records[i] as PhoneRecord;
    features[i] = recordFeatures(r);
    numberCounts.set(r.phone_number, (numberCounts.get(r.phone_number) ?? 0) + 1);
  }
  return { records, features, blockStarts: starts, numberCounts };
}

function sortRange(records: PhoneRecord[], s: number, e: number): void {
  const block = records.slice(s, e).sort(compareInBlock);
  for (let i = 0; i < block.length; i++) records[s + i] = block[i] as PhoneRecord;
}

function compareInBlock(a: PhoneRecord, b: PhoneRecord): number {
  if (a.phone_number !== b.phone_number) return a.phone_number < b.phone_number ? -1 : 1;
  return a.phone_id < b.phone_id ? -1 : a.phone_id > b.phone_id ? 1 : 0;
}
