import { createHash } from 'node:crypto';
import type { PhoneRecord } from '../../core/registry/phone-record.js';
import { canonicalRecord } from './canonical-record.js';

/** A running digest of the published dataset. */
export interface ContentDigest {
  /** Adds a record; deleted and merged records are not published and are skipped. */
  add(record: PhoneRecord): void;
  /** Records digested so far. */
  readonly count: number;
  /** sha256 (hex) of the canonical NDJSON lines. */
  result(): string;
}

/**
 * The content digest of a dataset: sha256 over its records' canonical NDJSON lines in the
 * canonical order (customer_id, then phone_id — the order the store streams for quality), so
 * the same data gives the same digest, whenever and wherever it is computed.
 *
 * @example
 * const digest = createContentDigest();
 * for await (const r of store.phones.iterate({}, { orderBy: 'customer_id' })) digest.add(r);
 * digest.result(); // '9f2c…'
 */
export function createContentDigest(): ContentDigest {
  const hash = createHash('sha256');
  let count = 0;
  return {
    add(record) {
      if (record.deleted_at !== null || record.merged_into !== null) return;
      hash.update(`${JSON.stringify(canonicalRecord(record))}\n`);
      count++;
    },
    get count() {
      return count;
    },
    result: () => hash.copy().digest('hex'),
  };
}
