import { getCountries, getCountryCallingCode } from 'libphonenumber-js/max';

// Calling codes are prefix-free, so the first 1-, 2- or 3-digit prefix found is the code.
// Keyed by digit count and value, so that finding it allocates nothing.
const CALLING_CODES = new Map<number, string>(
  getCountries().map((c) => {
    const code = getCountryCallingCode(c);
    return [code.length * 1000 + Number(code), code];
  }),
);

/**
 * Splits an E.164 string into calling code and national number without a full parse
 * (a set lookup instead of a metadata walk: the engine splits a million numbers per run).
 * Unknown prefixes give `cc: ''` and every digit as the national number.
 *
 * @example
 * splitE164('+573001234567') // { cc: '57', nsn: '3001234567' }
 */
export function splitE164(e164: string): { cc: string; nsn: string } {
  const start = e164.charCodeAt(0) === 43 ? 1 : 0;
  let value = 0;
  for (let len = 1; len <= 3 && start + len < e164.length; len++) {
    const d = e164.charCodeAt(start + len - 1) - 48;
    if (d < 0 || d > 9) break;
    value = value * 10 + d;
    const cc = CALLING_CODES.get(len * 1000 + value);
    if (cc !== undefined) return { cc, nsn: e164.slice(start + len) };
  }
  return { cc: '', nsn: e164.slice(start) };
}
