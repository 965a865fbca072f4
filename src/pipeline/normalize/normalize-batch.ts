import { normalizePhone, type PhoneResult } from '../../core/phone/index.js';

/** A chunk of phones to normalize: parallel arrays, cheap to post to a worker thread. */
export interface PhoneBatch {
  phones: string[];
  /** Per-row default country (`country` field of the row), or null for the run's default. */
  countries: (string | null)[];
  defaultCountry: string;
}

/**
 * Normalizes one batch. The same function runs in-process and inside the worker threads,
 * so both paths give identical results.
 *
 * @example
 * normalizeBatch({ phones: ['3001234567'], countries: [null], defaultCountry: 'CO' })[0]?.normalized;
 * // '+573001234567'
 */
export function normalizeBatch(batch: PhoneBatch): PhoneResult[] {
  const results = new Array<PhoneResult>(batch.phones.length);
  for (let i = 0; i < batch.phones.length; i++) {
    results[i] = normalizePhone(batch.phones[i] as string, {
      defaultCountry: batch.countries[i] ?? batch.defaultCountry,
    });
  }
  return results;
}
