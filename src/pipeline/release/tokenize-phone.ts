import { createHmac } from 'node:crypto';

/**
 * A keyed, consistent pseudonym for a phone number in non-prod releases: `tok_` and 24 hex
 * digits of HMAC-SHA256 under a secret. The same number gives the same token in every release
 * made with the same keys (joins and diffs keep working); without the secret a token cannot be
 * turned back into a number or guessed by hashing candidate numbers.
 *
 * @example
 * const tokenize = createPhoneTokenizer(secret);
 * tokenize('+573001234567'); // 'tok_5f0c…' (24 hex digits)
 */
export function createPhoneTokenizer(secret: Buffer): (phone: string) => string {
  return (phone) => `tok_${createHmac('sha256', secret).update(phone).digest('hex').slice(0, 24)}`;
}
