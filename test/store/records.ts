import type { PhoneRecord } from '../../src/core/registry/phone-record.js';

/** A registry record for tests; fields not given take plausible values. */
export function aRecord(overrides: Partial<PhoneRecord> & Pick<PhoneRecord, 'phone_id'>): PhoneRecord {
  const now = new Date('2026-11-01T10:00:00Z');
  return {
    customer_id: 'C1',
    phone_number: '+573001234567',
    phone_type: 'mobile',
    country_code: 'CO',
    carrier: 'Claro',
    region: null,
    timezone: 'America/Bogota',
    is_valid: true,
    is_primary: false,
    is_verified: false,
    verification_method: null,
    confidence_score: 0.9,
    source_system: 'crm_salesforce',
    sources: ['crm_salesforce'],
    times_seen: 1,
    issues: [],
    merged_into: null,
    created_at: now,
    updated_at: now,
    deleted_at: null,
    ...overrides,
  };
}
