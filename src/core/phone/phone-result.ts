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
  'BINARY_DATA',
  'INTERNATIONAL_PREFIX_REMOVED',
  'AREA_HINT_APPLIED',
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
  /** Carrier, region and time-zone data; without it those fields stay null (the CO 60X fallback region aside). */
  enricher?: PhoneEnricher;
}

/**
 * Carrier, geocoding and time-zone lookups, declared here so that `core` stays pure: an
 * adapter outside core (src/enrich) loads the data. Every method gets the country calling
 * code and the national significant number, and returns null when the data has no answer.
 *
 * @example
 * const enricher: PhoneEnricher = {
 *   dataVersion: 'static@1',
 *   carrierOf: () => null,
 *   regionOf: (cc, nsn) => (cc === '57' && nsn.startsWith('601') ? 'Bogotá' : null),
 *   timezoneOf: (cc) => (cc === '57' ? 'America/Bogota' : null),
 * };
 */
export interface PhoneEnricher {
  /** Identifies the data (`geo@2.0.0`); appended to `metadata_version`. */
  readonly dataVersion: string;
  /** Original range holder of a mobile range. */
  carrierOf(countryCallingCode: string, nationalNumber: string): string | null;
  /** City, department or area of a geographic range. */
  regionOf(countryCallingCode: string, nationalNumber: string): string | null;
  /** The IANA time zone, only when the range pins exactly one. */
  timezoneOf(countryCallingCode: string, nationalNumber: string): string | null;
}
