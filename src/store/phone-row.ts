import { PhonesetError } from '../core/errors.js';
import type { PhoneRecord, RegistryPhoneType, SourceSystem } from '../core/registry/phone-record.js';
import type { KeyRing } from '../security/key-ring.js';
import type { BulkColumn } from './bulk-insert.sql.js';

/** Encryption context of registry phone numbers (authenticated with each envelope). */
export const PHONE_CONTEXT = 'phone';

/** Country code stored for numbers with no known country (CLDR "unknown region"). */
export const UNKNOWN_COUNTRY = 'ZZ';

/**
 * The SELECT list that maps `customer_phones` columns to a `PhoneRow`. Migration 0011
 * (`customers_phones_json`) repeats it: change both together.
 */
export const PHONE_COLUMNS = `phone_id::text AS phone_id, customer_id, phone_number, phone_type,
  NULLIF(country_code, '${UNKNOWN_COUNTRY}') AS country_code, carrier, region, timezone, is_valid, is_primary,
  is_verified, verification_method, confidence_score, source_system, sources, times_seen, issues,
  merged_into::text AS merged_into, created_at, updated_at, deleted_at`;

/** A `customer_phones` row as selected with PHONE_COLUMNS (phone number still encrypted). */
export interface PhoneRow extends Omit<PhoneRecord, 'phone_number'> {
  phone_number: string;
}

/** Decrypts a selected row into the record the core sees. */
export function rowToRecord(row: PhoneRow, ring: KeyRing): PhoneRecord {
  return {
    ...row,
    phone_number: ring.decrypt(row.phone_number, PHONE_CONTEXT),
    phone_type: row.phone_type as RegistryPhoneType,
    source_system: row.source_system as SourceSystem,
    confidence_score: Number(row.confidence_score),
    times_seen: Number(row.times_seen),
    created_at: new Date(row.created_at),
    updated_at: new Date(row.updated_at),
    deleted_at: row.deleted_at ? new Date(row.deleted_at) : null,
  };
}

function countryOf(r: PhoneRecord): string {
  const cc = r.country_code?.toUpperCase() ?? UNKNOWN_COUNTRY;
  if (!/^[A-Z]{2}$/.test(cc)) {
    throw new PhonesetError('STORE_BAD_VALUE', {
      field: 'country_code',
      detail: `"${r.country_code}" is not ISO 3166-1 alpha-2`,
    });
  }
  return cc;
}

/**
 * Column mapping for multi-row writes of registry records: encrypts the number
 * and computes its blind index.
 */
export function phoneWriteColumns(ring: KeyRing): BulkColumn<PhoneRecord>[] {
  return [
    { name: 'phone_id', type: 'bigint', value: (r) => r.phone_id },
    { name: 'customer_id', type: 'text', value: (r) => r.customer_id },
    { name: 'phone_number', type: 'text', value: (r) => ring.encrypt(r.phone_number, PHONE_CONTEXT) },
    {
      name: 'phone_hash',
      type: 'text',
      expr: "decode($v, 'hex')",
      value: (r) => ring.blindIndex(r.phone_number).toString('hex'),
      copy: (r) => ring.blindIndex(r.phone_number),
    },
    { name: 'phone_type', type: 'text', value: (r) => r.phone_type },
    { name: 'country_code', type: 'text', value: countryOf },
    { name: 'carrier', type: 'text', value: (r) => r.carrier },
    { name: 'region', type: 'text', value: (r) => r.region },
    { name: 'timezone', type: 'text', value: (r) => r.timezone },
    { name: 'is_valid', type: 'boolean', value: (r) => r.is_valid },
    { name: 'is_primary', type: 'boolean', value: (r) => r.is_primary },
    { name: 'is_verified', type: 'boolean', value: (r) => r.is_verified },
    { name: 'verification_method', type: 'text', value: (r) => r.verification_method },
    { name: 'confidence_score', type: 'double precision', value: (r) => r.confidence_score },
    { name: 'source_system', type: 'text', value: (r) => r.source_system },
    { name: 'sources', type: 'text[]', value: (r) => r.sources },
    { name: 'times_seen', type: 'integer', value: (r) => r.times_seen },
    { name: 'issues', type: 'text[]', value: (r) => r.issues },
    { name: 'merged_into', type: 'bigint', value: (r) => r.merged_into },
    { name: 'created_at', type: 'timestamptz', value: (r) => r.created_at.toISOString() },
    { name: 'updated_at', type: 'timestamptz', value: (r) => r.updated_at.toISOString() },
    { name: 'deleted_at', type: 'timestamptz', value: (r) => r.deleted_at?.toISOString() ?? null },
  ];
}
