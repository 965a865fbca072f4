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

/**
 * Identifiers the store keeps in clear in their own columns (the audit trail's and the
 * registry's customer_id, the outbox key, phone and batch ids): sealing a copy of them inside
 * JSON would hide nothing, and cost an encryption per row.
 */
const CLEAR_KEYS = new Set(['customer_id', 'phone_id', 'batch_id', 'merge_id', 'master_id', 'merged_into']);

// Any other string holding a run of 7+ digits (spaces, dots, dashes, slashes and
// parentheses allowed between them) is encrypted too, wherever it sits: JSON built
// elsewhere (audit values, event payloads, free-text notes) must not leak a phone
// number by accident. ISO timestamps are the one common exception, kept readable.
const DIGIT_RUN = /\d(?:[\s().\-/]?\d){6,}/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

function mayHoldPhone(value: string): boolean {
  return DIGIT_RUN.test(value) && !ISO_TIME.test(value);
}

const CONTEXT = 'json';

/**
 * Encrypts, in a copy of a JSON value, every string under a sensitive key and
 * every string holding a run of seven or more digits, so that audit values and event payloads stored in
 * JSONB never hold a phone number in plaintext. `openJson` reverses it.
 *
 * @example
 * sealJson({ phone_number: '+573001234567', carrier: 'Claro' }, ring);
 * // { phone_number: 'v1:k1:…', carrier: 'Claro' }
 */
export function sealJson(value: unknown, ring: KeyRing, memo?: SealMemo): unknown {
  return seal(value, ring, false, memo);
}

/**
 * What one write has sealed already, shared by its JSON values (a chunk's audit rows and
 * events name the same numbers and values): the envelope made for each plaintext, so one
 * encryption per distinct value, and the sealed JSON text of each object written whole, so
 * an event carrying an audit row's values encodes them once. The equality this reveals
 * between rows of one transaction is already visible through the registry's blind index.
 */
export class SealMemo {
  readonly envelopes = new Map<string, string>();
  readonly texts = new WeakMap<object, string>();
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/**
 * `JSON.stringify(sealJson(value))`, with the text of every plain object under it remembered
 * in `memo`: an object met again in the same write (the values of an audit row inside the
 * event that announces it) costs a lookup, not a second walk and encoding.
 *
 * @example
 * const memo = new SealMemo();
 * const values = sealJsonText(newValues, ring, memo);
 * sealJsonText({ operation: 'INSERT', changes: newValues }, ring, memo); // reuses `values`
 */
export function sealJsonText(value: Record<string, unknown>, ring: KeyRing, memo: SealMemo): string {
  const known = memo.texts.get(value);
  if (known !== undefined) return known;
  let text = '';
  for (const k of Object.keys(value)) {
    const item = itemText(k, value[k], ring, memo);
    // JSON.stringify leaves out a key whose value has no JSON form (undefined, a function).
    if (item !== undefined) text += text ? `,${keyText(k)}${item}` : `${keyText(k)}${item}`;
  }
  text = `{${text}}`;
  memo.texts.set(value, text);
  return text;
}

/** The JSON text of one member's value, sealed as `seal` would (plain values without a walk). */
function itemText(k: string, v: unknown, ring: KeyRing, memo: SealMemo): string | undefined {
  const sensitive = SENSITIVE_KEYS.has(k);
  switch (typeof v) {
    case 'string':
      return JSON.stringify(
        CLEAR_KEYS.has(k) || (!sensitive && !mayHoldPhone(v)) ? v : seal(v, ring, true, memo),
      );
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
  }
  if (v === null) return 'null';
  if (isPlainObject(v) && !sensitive) return sealJsonText(v, ring, memo);
  return JSON.stringify(seal(v, ring, sensitive, memo));
}

// `"key":` for the few keys the store's JSON values use, made once.
const KEY_TEXTS = new Map<string, string>();

function keyText(k: string): string {
  let t = KEY_TEXTS.get(k);
  if (t === undefined) {
    t = `${JSON.stringify(k)}:`;
    if (KEY_TEXTS.size < 1024) KEY_TEXTS.set(k, t);
  }
  return t;
}

function seal(value: unknown, ring: KeyRing, sensitive: boolean, memo: SealMemo | undefined): unknown {
  if (typeof value === 'string') {
    if (!sensitive && !mayHoldPhone(value)) return value;
    let sealed = memo?.envelopes.get(value);
    if (sealed === undefined) {
      sealed = ring.encrypt(value, CONTEXT);
      memo?.envelopes.set(value, sealed);
    }
    return sealed;
  }
  if (Array.isArray(value)) return value.map((v) => seal(v, ring, sensitive, memo));
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] =
        !sensitive && CLEAR_KEYS.has(k) && typeof v === 'string'
          ? v
          : seal(v, ring, sensitive || SENSITIVE_KEYS.has(k), memo);
    }
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
