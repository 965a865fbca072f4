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
  const records = input.filter((r) => r.deleted_at === null && r.merged_into === null);
  records.sort(compareCanonical);
  const features = new Array<RecordFeatures>(records.length);
  const numberCounts = new Map<string, number>();
  const starts: number[] = [];
  let lastCustomer: string | undefined;
  for (let i = 0; i < records.length; i++) {
    const r = records[i] as PhoneRecord;
    features[i] = recordFeatures(r);
    numberCounts.set(r.phone_number, (numberCounts.get(r.phone_number) ?? 0) + 1);
    if (r.customer_id !== lastCustomer) {
      starts.push(i);
      lastCustomer = r.customer_id;
    }
  }
  starts.push(records.length);
  return { records, features, blockStarts: Int32Array.from(starts), numberCounts };
}

function compareCanonical(a: PhoneRecord, b: PhoneRecord): number {
  if (a.customer_id !== b.customer_id) return a.customer_id < b.customer_id ? -1 : 1;
  if (a.phone_number !== b.phone_number) return a.phone_number < b.phone_number ? -1 : 1;
  return a.phone_id < b.phone_id ? -1 : a.phone_id > b.phone_id ? 1 : 0;
}
