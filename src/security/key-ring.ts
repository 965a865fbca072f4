import { PhonesetError } from '../core/errors.js';
import { computeBlindIndex } from './compute-blind-index.js';
import { decryptField, parseEnvelope } from './decrypt-field.js';
import { encryptField } from './encrypt-field.js';
import type { KeyMaterial } from './key-material.js';

/** Blind indexes remembered by a key ring (plaintext → index). */
const INDEX_MEMO_SIZE = 20_000;

/**
 * Field encryption for the store: encrypts under the active data key, decrypts
 * under whichever key an envelope names, and computes blind indexes.
 *
 * Data keys rotate: add a key, make it active, run `phoneset keys rotate` to
 * re-encrypt older values, then retire the old key. The index key does not
 * rotate: every blind index in the database (the UNIQUE(customer_id, phone)
 * constraint, blacklist lookups) is an HMAC under it, so changing it would
 * require recomputing every index from decrypted values while the uniqueness
 * guarantee is suspended. It protects only equality (which rows share a
 * number), never the numbers themselves, and is kept apart from the data keys
 * so that rotating those after a suspected leak never touches it.
 *
 * @example
 * const ring = new KeyRing(material);
 * const env = ring.encrypt('+573001234567', 'phone');
 * ring.decrypt(env, 'phone'); // '+573001234567'
 */
export class KeyRing {
  readonly #dataKeys: Map<string, Buffer>;
  readonly #indexKey: Buffer;
  readonly #indexMemo = new Map<string, Buffer>();
  readonly activeKeyId: string;

  constructor(material: KeyMaterial) {
    const active = material.dataKeys.get(material.active);
    if (!active) throw new PhonesetError('KEYS_UNKNOWN_ID', { keyId: material.active });
    this.#dataKeys = new Map(material.dataKeys);
    this.#indexKey = material.indexKey;
    this.activeKeyId = material.active;
  }

  /** Ids of every data key held, active one included. */
  get keyIds(): string[] {
    return [...this.#dataKeys.keys()];
  }

  /** Encrypts under the active key; `context` names the kind of field (authenticated, not secret). */
  encrypt(plaintext: string, context = ''): string {
    return encryptField(plaintext, this.activeKeyId, this.#dataKeys.get(this.activeKeyId) as Buffer, context);
  }

  /** Decrypts an envelope under the key it names; throws on tampering or a missing key. */
  decrypt(envelope: string, context = ''): string {
    return decryptField(envelope, (kid) => this.#dataKeys.get(kid), context);
  }

  /**
   * HMAC-SHA256 blind index of a value under the index key (32 bytes). The last few thousand
   * are remembered: a chunk looks its numbers up (blacklist, registry) and then writes them.
   * The returned buffer is shared: do not modify it.
   */
  blindIndex(value: string): Buffer {
    let index = this.#indexMemo.get(value);
    if (index === undefined) {
      index = computeBlindIndex(value, this.#indexKey);
      if (this.#indexMemo.size >= INDEX_MEMO_SIZE) this.#indexMemo.clear();
      this.#indexMemo.set(value, index);
    }
    return index;
  }

  /** The key id an envelope was written under, or undefined when it is not an envelope. */
  keyIdOf(envelope: string): string | undefined {
    return parseEnvelope(envelope)?.keyId;
  }
}
