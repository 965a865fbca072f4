import type { PhoneResult } from '../../core/phone/index.js';
import { createPhoneEngine, type PhoneEngine } from '../../enrich/index.js';

/** A chunk of phones to normalize: parallel arrays, cheap to post to a worker thread. */
export interface PhoneBatch {
  phones: string[];
  /** Per-row default country (`country` field of the row), or null for the run's default. */
  countries: (string | null)[];
  defaultCountry: string;
  /** Area hint for bare 7-digit Colombian fixed numbers (`601`, a department). */
  areaHint?: string;
}

// One engine per thread: its carrier/region/time-zone tables load once, on first use.
let engine: PhoneEngine | undefined;

/**
 * Normalizes one batch with the enriched phone engine. The same function runs in-process and
 * inside the worker threads, so both paths give identical results.
 *
 * @example
 * normalizeBatch({ phones: ['3001234567'], countries: [null], defaultCountry: 'CO' })[0]?.normalized;
 * // '+573001234567'
 */
export function normalizeBatch(batch: PhoneBatch): PhoneResult[] {
  engine ??= createPhoneEngine();
  const results = new Array<PhoneResult>(batch.phones.length);
  for (let i = 0; i < batch.phones.length; i++) {
    results[i] = engine.normalize(batch.phones[i] as string, {
      defaultCountry: batch.countries[i] ?? batch.defaultCountry,
      ...(batch.areaHint ? { areaHint: batch.areaHint } : {}),
    });
  }
  return results;
}
