import { createHash } from 'node:crypto';

/**
 * The stored form of an API key: its SHA-256, hex. Keys are 256-bit random
 * values, so a fast hash is enough (a slow password hash protects guessable
 * secrets; nothing here is guessable) and keeps lookups cheap per request.
 *
 * @example
 * await apiClients.findByKeyHash(hashApiKey(presentedKey));
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
