import type { ClientRateLimits } from './principal.js';

/** An API client as the store keeps it (never the key itself, only its hash). */
export interface ApiClientRecord {
  client_id: string;
  name: string;
  /** Role names; unknown names grant nothing. */
  roles: readonly string[];
  rate_limits?: ClientRateLimits | null;
  /** A revoked or disabled client is refused. */
  revoked_at?: Date | string | null;
}

/**
 * The port the API needs from the store to check API keys. The store's
 * `api_clients` table implements it.
 *
 * @example
 * const client = await apiClients.findByKeyHash(hashApiKey(key));
 */
export interface ApiClientStore {
  findByKeyHash(keyHash: string): Promise<ApiClientRecord | null>;
}
