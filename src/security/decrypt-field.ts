import { createDecipheriv } from 'node:crypto';
import { PhonesetError } from '../core/errors.js';
import { ENVELOPE_VERSION } from './encrypt-field.js';

/** The parts of an envelope written by `encryptField`. */
export interface Envelope {
  version: string;
  keyId: string;
  nonce: Buffer;
  /** Ciphertext followed by the 16-byte GCM tag. */
  body: Buffer;
}

/**
 * Splits an envelope into its parts, or returns undefined when the text is not one.
 *
 * @example
 * parseEnvelope('v1:k1:AAAA…:BBBB…')?.keyId; // 'k1'
 */
export function parseEnvelope(text: string): Envelope | undefined {
  const parts = text.split(':');
  if (parts.length !== 4 || parts[0] !== ENVELOPE_VERSION) return undefined;
  const [version, keyId, nonce, body] = parts as [string, string, string, string];
  const nonceBytes = Buffer.from(nonce, 'base64url');
  const bodyBytes = Buffer.from(body, 'base64url');
  if (!keyId || nonceBytes.length !== 12 || bodyBytes.length < 16) return undefined;
  return { version, keyId, nonce: nonceBytes, body: bodyBytes };
}

/**
 * Decrypts an envelope written by `encryptField` with the key it names
 * (`keyFor(keyId)`). Throws `CRYPTO_DECRYPT_FAILED` when the envelope is
 * malformed, was tampered with, or the key is wrong, and `KEYS_UNKNOWN_ID` when
 * the key ring does not hold its key: both mean broken infrastructure or an
 * attack, never a data problem.
 *
 * @example
 * decryptField(envelope, (kid) => keys.get(kid), 'phone'); // '+573001234567'
 */
export function decryptField(
  envelope: string,
  keyFor: (keyId: string) => Buffer | undefined,
  context = '',
): string {
  const parsed = parseEnvelope(envelope);
  if (!parsed) throw new PhonesetError('CRYPTO_DECRYPT_FAILED', { detail: 'not an encrypted value' });
  const key = keyFor(parsed.keyId);
  if (!key) throw new PhonesetError('KEYS_UNKNOWN_ID', { keyId: parsed.keyId });
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, parsed.nonce);
    decipher.setAAD(Buffer.from(`${parsed.version}:${parsed.keyId}:${context}`, 'utf8'));
    decipher.setAuthTag(parsed.body.subarray(parsed.body.length - 16));
    const plain = Buffer.concat([
      decipher.update(parsed.body.subarray(0, parsed.body.length - 16)),
      decipher.final(),
    ]);
    return plain.toString('utf8');
  } catch (error) {
    throw new PhonesetError(
      'CRYPTO_DECRYPT_FAILED',
      { detail: `authentication failed under key "${parsed.keyId}" (tampered value or wrong key)` },
      { cause: error },
    );
  }
}
