import { createCipheriv, randomFillSync } from 'node:crypto';

/** Envelope version prefix: bump it if the layout or algorithm ever changes. */
export const ENVELOPE_VERSION = 'v1';

// Nonces are drawn from a pool filled by the CSPRNG 1024 at a time and consumed
// strictly forward, never reused: one randomBytes(12) call per value costs more
// than the encryption itself at import rates.
const NONCE_BYTES = 12;
const pool = Buffer.alloc(NONCE_BYTES * 1024);
let offset = pool.length;

function takeNonce(): Buffer {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const nonce = pool.subarray(offset, offset + NONCE_BYTES);
  offset += NONCE_BYTES;
  return nonce;
}

/**
 * Encrypts one value with AES-256-GCM under `key`, with a fresh random 96-bit
 * nonce, and returns a self-describing envelope `v1:<kid>:<nonce>:<ciphertext+tag>`
 * (base64url parts). The version, key id and `context` are authenticated as
 * additional data, so an envelope cannot be relabelled with another key id or
 * moved to a field of another kind without failing decryption.
 *
 * @example
 * encryptField('+573001234567', 'k1', key, 'phone'); // 'v1:k1:3q2-…:Xy9…'
 */
export function encryptField(plaintext: string, keyId: string, key: Buffer, context = ''): string {
  const nonce = takeNonce();
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(`${ENVELOPE_VERSION}:${keyId}:${context}`, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${ENVELOPE_VERSION}:${keyId}:${nonce.toString('base64url')}:${body.toString('base64url')}`;
}
