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
  // Group by customer, then sort customer keys and each (small) block: cheaper than one
  // sort of every record on three string keys.
  const byCustomer = new Map<string, PhoneRecord[]>();
  for (const r of input) {
    if (r.deleted_at !== null || r.merged_into !== null) continue;
    const block = byCustomer.get(r.customer_id);
    if (block) block.push(r);
    else byCustomer.set(r.customer_id, [r]);
  }
  const customers = [...byCustomer.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const records: PhoneRecord[] = [];
  const starts = new Int32Array(customers.length + 1);
  for (let k = 0; k < customers.length; k++) {
    starts[k] = records.length;
    const block = byCustomer.get(customers[k] as string) as PhoneRecord[];
    if (block.length > 1) block.sort(compareInBlock);
    for (const r of block) records.push(r);
  }
  starts[customers.length] = records.length;
  const features = new Array<RecordFeatures>(records.length);
  const numberCounts = new Map<string, number>();
  for (let i = 0; i < records.length; i++) {
    const r = records[i] as PhoneRecord;
    features[i] = recordFeatures(r);
    numberCounts.set(r.phone_number, (numberCounts.get(r.phone_number) ?? 0) + 1);
  }
  return { records, features, blockStarts: starts, numberCounts };
}

function compareInBlock(a: PhoneRecord, b: PhoneRecord): number {
  if (a.phone_number !== b.phone_number) return a.phone_number < b.phone_number ? -1 : 1;
  return a.phone_id < b.phone_id ? -1 : a.phone_id > b.phone_id ? 1 : 0;
}
