import type { PhoneType } from '../phone/phone-result.js';

/** The source systems a record can come from, in default survivorship priority (first wins). */
export const SOURCE_SYSTEMS = [
  'crm_salesforce',
  'call_center',
  'web_forms',
  'mobile_app',
  'manual_upload',
] as const;
export type SourceSystem = (typeof SOURCE_SYSTEMS)[number];

/** Number types a registry row may carry: the engine's types plus `fax`, which sources declare. */
export type RegistryPhoneType = PhoneType | 'fax';

/**
 * One row of the master registry `customer_phones`, decrypted, as the core sees it.
 * Stores map their columns to this shape; `core` never sees ciphertext.
 *
 * @example
 * const r: PhoneRecord = { phone_id: '42', customer_id: 'C1', phone_number: '+573001234567', ... };
 */
export interface PhoneRecord {
  phone_id: string;
  customer_id: string;
  /** E.164. */
  phone_number: string;
  phone_type: RegistryPhoneType;
  country_code: string | null;
  carrier: string | null;
  region: string | null;
  timezone: string | null;
  is_valid: boolean;
  is_primary: boolean;
  is_verified: boolean;
  verification_method: string | null;
  confidence_score: number;
  /** The source whose values survived. */
  source_system: SourceSystem;
  /** Every source that has sent this number for this customer. */
  sources: SourceSystem[];
  /** How many source rows contributed to this record. */
  times_seen: number;
  /** Engine issue codes of the surviving verdict. */
  issues: string[];
  /** Set when dedupe merged this record into another (the master); null for masters and singletons. */
  merged_into: string | null;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}
