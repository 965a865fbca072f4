import { getCountries, getCountryCallingCode } from 'libphonenumber-js/max';

// Calling codes are prefix-free, so the first 1-, 2- or 3-digit prefix found is the code.
const CALLING_CODES = new Set<string>(getCountries().map((c) => getCountryCallingCode(c)));

/**
 * Splits an E.164 string into calling code and national number without a full parse
 * (a set lookup instead of a metadata walk: the engine splits a million numbers per run).
 * Unknown prefixes give `cc: ''` and every digit as the national number.
 *
 * @example
 * splitE164('+573001234567') // { cc: '57', nsn: '3001234567' }
 */
export function splitE164(e164: string): { cc: string; nsn: string } {
  const digits = e164.charCodeAt(0) === 43 ? e164.slice(1) : e164;
  for (let len = 1; len <= 3 && len < digits.length; len++) {
    const p = digits.slice(0, len);
    if (CALLING_CODES.has(p)) return { cc: p, nsn: digits.slice(len) };
  }
  return { cc: '', nsn: digits };
}
