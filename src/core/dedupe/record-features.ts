import { type PhoneRecord, SOURCE_SYSTEMS } from '../registry/phone-record.js';
import { splitE164 } from './split-e164.js';

/** The part of a registry record the comparisons read, precomputed once per record. */
export interface RecordFeatures {
  /** Country calling code digits (`57`), or '' when the E.164 could not be split. */
  cc: string;
  /** National significant number digits. */
  nsn: string;
  /** Registry phone type (`mobile`, `fixed`, `unknown`, …). */
  type: string;
  carrier: string | null;
  region: string | null;
  valid: boolean;
  verified: boolean;
  /** Flagged by a source as the customer's primary phone. */
  primary: boolean;
  timesSeen: number;
  /** Bit i set when SOURCE_SYSTEMS[i] sent the record; bit 30 for any other source. */
  sourceMask: number;
  /** updated_at in days since the epoch. */
  updatedDay: number;
}

const SOURCE_BITS = new Map<string, number>(SOURCE_SYSTEMS.map((s, i) => [s, 1 << i]));

/**
 * Extracts the comparison features of one registry record.
 *
 * @example
 * recordFeatures(record).nsn // '3001234567'
 */
export function recordFeatures(record: PhoneRecord): RecordFeatures {
  const { cc, nsn } = splitE164(record.phone_number);
  let mask = 0;
  for (const s of record.sources.length ? record.sources : [record.source_system]) {
    mask |= SOURCE_BITS.get(s) ?? 1 << 30;
  }
  return {
    cc,
    nsn,
    type: record.phone_type,
    carrier: record.carrier || null,
    region: record.region || null,
    valid: record.is_valid,
    verified: record.is_verified,
    primary: record.is_primary,
    timesSeen: Math.max(1, record.times_seen | 0),
    sourceMask: mask,
    updatedDay: record.updated_at.getTime() / 86_400_000,
  };
}
