import type { PhoneRecord } from '../../core/registry/phone-record.js';

/** The fields a release publishes, in the fixed order of its canonical form. */
export const RELEASE_FIELDS = [
  'phone_id',
  'customer_id',
  'phone_number',
  'phone_type',
  'country_code',
  'carrier',
  'region',
  'timezone',
  'is_valid',
  'is_primary',
  'is_verified',
  'verification_method',
  'confidence_score',
  'source_system',
  'sources',
  'issues',
  'created_at',
  'updated_at',
] as const;

/** One published record: plain JSON values, fields in `RELEASE_FIELDS` order. */
export type ReleaseRecord = Record<(typeof RELEASE_FIELDS)[number], unknown>;

/**
 * A registry record as a release publishes it: fixed field order, ISO times, sorted lists, so
 * the same data always gives the same bytes (and the same digest).
 *
 * @example
 * JSON.stringify(canonicalRecord(record)); // '{"phone_id":"42","customer_id":"C1",…}'
 */
export function canonicalRecord(r: PhoneRecord): ReleaseRecord {
  return {
    phone_id: r.phone_id,
    customer_id: r.customer_id,
    phone_number: r.phone_number,
    phone_type: r.phone_type,
    country_code: r.country_code,
    carrier: r.carrier,
    region: r.region,
    timezone: r.timezone,
    is_valid: r.is_valid,
    is_primary: r.is_primary,
    is_verified: r.is_verified,
    verification_method: r.verification_method,
    confidence_score: r.confidence_score,
    source_system: r.source_system,
    sources: [...r.sources].sort(),
    issues: [...r.issues].sort(),
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
  };
}
