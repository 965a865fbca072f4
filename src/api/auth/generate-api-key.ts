import { randomBytes } from 'node:crypto';

/** Every key starts with this, so a leaked key is recognisable (secret scanners) and never mistaken for a JWT. */
export const API_KEY_PREFIX = 'psk_';

/**
 * A new random API key (256 bits, base64url). Shown once; only `hashApiKey(key)` is stored.
 *
 * @example
 * generateApiKey() // 'psk_q3J…'
 */
export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}
