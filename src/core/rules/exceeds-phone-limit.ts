import type { RulesConfig } from './rules-config.js';

/**
 * Whether one more phone for a customer who already holds `held` would break
 * the per-customer limit.
 *
 * @example
 * exceedsPhoneLimit(5, DEFAULT_RULES) // true
 */
export function exceedsPhoneLimit(held: number, config: RulesConfig): boolean {
  return held >= config.max_phones_per_customer;
}
