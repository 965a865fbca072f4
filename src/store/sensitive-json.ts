import type { KeyRing } from '../security/key-ring.js';

/** Field names whose string values are always personal data (phone numbers, raw source values). */
const SENSITIVE_KEYS = new Set([
  'phone_number',
  'phone',
  'original',
  'normalized',
  'e164',
  'raw',
  'raw_value',
  'raw_values',
]);

// Strings that look like a phone number under any other key are encrypted too:
// JSON built elsewhere (audit values, event payloads) must not leak one by accident.
const PHONE_LIKE = /^[+\d\s().\-/]*$/;
const DIGITS = /\d/g;

function isPhoneLike(value: string): boolean {
  return PHONE_LIKE.test(value) && (value.match(DIGITS)?.length ?? 0) >= 7;
}

const CONTEXT = 'json';

/**
 * Encrypts, in a copy of a JSON value, every string under a sensitive key and
 * every phone-like string, so that audit values and event payloads stored in
 * JSONB never hold a phone number in plaintext. `openJson` reverses it.
 *
 * @example
 * sealJson({ phone_number: '+573001234567', carrier: 'Claro' }, ring);
 * // { phone_number: 'v1:k1:…', carrier: 'Claro' }
 */
export function sealJson(value: unknown, ring: KeyRing, sensitive = false): unknown {
  if (typeof value === 'string') {
    return sensitive || isPhoneLike(value) ? ring.encrypt(value, CONTEXT) : value;
  }
  if (Array.isArray(value)) return value.map((v) => sealJson(v, ring, sensitive));
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[k] = sealJson(v, ring, sensitive || SENSITIVE_KEYS.has(k));
    return out;
  }
  return value;
}

/**
 * Decrypts every envelope that `sealJson` wrote in a JSON value.
 *
 * @example
 * openJson(sealJson({ phone: '+573001234567' }, ring), ring); // { phone: '+573001234567' }
 */
export function openJson(value: unknown, ring: KeyRing): unknown {
  if (typeof value === 'string') {
    return ring.keyIdOf(value) !== undefined ? ring.decrypt(value, CONTEXT) : value;
  }
  if (Array.isArray(value)) return value.map((v) => openJson(v, ring));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = openJson(v, ring);
    return out;
  }
  return value;
}
