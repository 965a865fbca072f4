import { createHmac } from 'node:crypto';

/**
 * The blind index of a value: HMAC-SHA256 under the index key. Equal inputs
 * give equal 32-byte digests, so the database can look values up and enforce
 * UNIQUE on them without ever holding the plaintext; without the key, a digest
 * cannot be tested against guessed phone numbers.
 *
 * @example
 * computeBlindIndex('+573001234567', indexKey).length; // 32
 */
export function computeBlindIndex(value: string, indexKey: Buffer): Buffer {
  return createHmac('sha256', indexKey).update(value, 'utf8').digest();
}
