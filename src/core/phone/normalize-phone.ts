import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { NormalizeOptions, PhoneIssue, PhoneResult, PhoneType } from './phone-result.js';

export const METADATA_VERSION = 'libphonenumber-js@1.13.16';

const TYPE_MAP: Record<string, PhoneType> = {
  MOBILE: 'mobile',
  FIXED_LINE: 'fixed',
  FIXED_LINE_OR_MOBILE: 'fixed_or_mobile',
  TOLL_FREE: 'toll_free',
  PREMIUM_RATE: 'premium_rate',
  SHARED_COST: 'shared_cost',
  VOIP: 'voip',
  PERSONAL_NUMBER: 'personal',
  PAGER: 'pager',
  UAN: 'uan',
  VOICEMAIL: 'voicemail',
};

/**
 * Normalizes one raw phone value to E.164 with its verdict. Never throws.
 *
 * @example
 * normalizePhone('300 123 4567').normalized // '+573001234567'
 */
export function normalizePhone(raw: string, options: NormalizeOptions = {}): PhoneResult {
  const defaultCountry = (options.defaultCountry ?? 'CO').toUpperCase();
  const original = typeof raw === 'string' ? raw : String(raw ?? '');
  const issues: PhoneIssue[] = [];
  const base: PhoneResult = {
    original,
    normalized: null,
    country_code: null,
    type: 'unknown',
    is_valid: false,
    carrier: null,
    region: null,
    timezone: null,
    extension: null,
    confidence_score: 0,
    issues,
    metadata_version: METADATA_VERSION,
  };
  const text = original.slice(0, 256).trim();
  if (text === '') {
    issues.push('EMPTY');
    return base;
  }
  let parsed: ReturnType<typeof parsePhoneNumberFromString>;
  try {
    // biome-ignore lint/suspicious/noExplicitAny: country codes are validated by the library
    parsed = parsePhoneNumberFromString(text, defaultCountry as any);
  } catch {
    parsed = undefined;
  }
  if (!parsed) {
    issues.push('NOT_A_NUMBER');
    return base;
  }
  const valid = parsed.isValid();
  if (!valid) issues.push('INVALID_FOR_REGION');
  return {
    ...base,
    normalized: parsed.number,
    country_code: parsed.country ?? null,
    type: TYPE_MAP[parsed.getType() ?? ''] ?? 'unknown',
    is_valid: valid,
    extension: parsed.ext ?? null,
    confidence_score: valid ? 0.9 : 0.2,
  };
}
