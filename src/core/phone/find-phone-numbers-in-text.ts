import {
  type CountryCode,
  findPhoneNumbersInText as findInText,
  isSupportedCountry,
} from 'libphonenumber-js/max';

/** A phone number found in free text. */
export interface FoundPhoneNumber {
  /** The text as written, `text.slice(startsAt, endsAt)`. */
  raw: string;
  /** E.164. */
  normalized: string;
  /** ISO 3166-1 alpha-2, or null for non-geographic numbers. */
  country_code: string | null;
  startsAt: number;
  endsAt: number;
}

/**
 * Finds the phone numbers written in free text (notes, e-mails, comments), for the PII
 * scanner. Thin wrapper over libphonenumber-js `findPhoneNumbersInText`, which only reports
 * numbers that are valid for their plan.
 *
 * @example
 * findPhoneNumbersInText('Llamar al 300 123 4567 o al +1 415 555 2671')
 * // [{ raw: '300 123 4567', normalized: '+573001234567', … }, { raw: '+1 415 555 2671', … }]
 */
export function findPhoneNumbersInText(text: string, defaultCountry = 'CO'): FoundPhoneNumber[] {
  const country = isSupportedCountry(defaultCountry) ? (defaultCountry as CountryCode) : undefined;
  try {
    return findInText(String(text ?? ''), country ? { defaultCountry: country } : {}).map((m) => ({
      raw: text.slice(m.startsAt, m.endsAt),
      normalized: m.number.number as string,
      country_code: m.number.country ?? null,
      startsAt: m.startsAt,
      endsAt: m.endsAt,
    }));
  } catch {
    return [];
  }
}
