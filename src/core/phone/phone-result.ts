/** Number types, as libphonenumber names them, in phoneset's snake_case vocabulary. */
export const PHONE_TYPES = [
  'mobile',
  'fixed',
  'fixed_or_mobile',
  'toll_free',
  'premium_rate',
  'shared_cost',
  'voip',
  'personal',
  'pager',
  'uan',
  'voicemail',
  'unknown',
] as const;
export type PhoneType = (typeof PHONE_TYPES)[number];

/**
 * Stable issue codes. A code never changes meaning once released; new codes
 * are added at the end. docs/phone-engine.md describes each one.
 */
export const PHONE_ISSUES = [
  'EMPTY',
  'NOT_A_NUMBER',
  'TOO_SHORT',
  'TOO_LONG',
  'INVALID_COUNTRY',
  'INVALID_FOR_REGION',
  'INVALID_LENGTH',
  'LEGACY_FIXED_MIGRATED',
  'NO_AREA_CODE',
  'FAKE_PATTERN',
  'EXTENSION_REMOVED',
  'INTERNATIONAL_PREFIX_0057',
  'CARRIER_PREFIX_REMOVED',
  'NATIONAL_PREFIX_REMOVED',
  'COUNTRY_CODE_WITHOUT_PLUS',
  'LABEL_REMOVED',
  'VANITY_LETTERS_CONVERTED',
  'MULTIPLE_NUMBERS',
  'EXCEL_SCIENTIFIC_NOTATION',
  'INPUT_TRUNCATED',
  'FORMAT_CLEANED',
] as const;
export type PhoneIssue = (typeof PHONE_ISSUES)[number];

/** What `normalizePhone` returns for one raw value. It never throws. */
export interface PhoneResult {
  /** The raw value exactly as given. */
  original: string;
  /** E.164 (`+573001234567`), or null when no number could be read. */
  normalized: string | null;
  /** ISO 3166-1 alpha-2 of the number's numbering plan, or null. */
  country_code: string | null;
  type: PhoneType;
  /** Valid for its numbering plan (per `metadata_version`). */
  is_valid: boolean;
  /** Original range holder (number portability is not visible offline), or null. */
  carrier: string | null;
  /** City, department or area where known, else null. */
  region: string | null;
  /** IANA time zone where the number's range pins one, else null. */
  timezone: string | null;
  /** Extension digits removed from the number, or null. */
  extension: string | null;
  /** 0–1, see `confidenceScore`. */
  confidence_score: number;
  issues: PhoneIssue[];
  /** Other numbers found in the same field (`312 555 1234 / 313 555 6789`), each fully normalized. */
  others?: PhoneResult[];
  /** The numbering-plan data that produced this verdict. */
  metadata_version: string;
}

export interface NormalizeOptions {
  /** Country assumed for numbers written without a country code. Default `CO`. */
  defaultCountry?: string;
  /** Area hint for bare 7-digit Colombian fixed numbers (a 60X indicative such as `601`, or a department). */
  areaHint?: string;
}
