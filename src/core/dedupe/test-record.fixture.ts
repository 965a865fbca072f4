import type { PhoneRecord } from '../registry/phone-record.js';

/**
 * A complete registry record for hand-built test cases; override what the case is about.
 *
 * @example
 * makeTestRecord({ phone_id: 'p1', phone_number: '+573001234567', is_verified: true })
 */
export function makeTestRecord(overrides: Partial<PhoneRecord> = {}): PhoneRecord {
  const at = overrides.updated_at ?? new Date('2025-03-01T00:00:00Z');
  return {
    phone_id: 'p',
    customer_id: 'C1',
    phone_number: '+573001234567',
    phone_type: 'mobile',
    country_code: 'CO',
    carrier: 'Tigo',
    region: null,
    timezone: 'America/Bogota',
    is_valid: true,
    is_primary: false,
    is_verified: false,
    verification_method: null,
    confidence_score: 0.9,
    source_system: 'call_center',
    sources: [overrides.source_system ?? 'call_center'],
    times_seen: 1,
    issues: [],
    merged_into: null,
    created_at: at,
    updated_at: at,
    deleted_at: null,
    ...overrides,
  };
}
