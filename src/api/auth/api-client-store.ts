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

/** A client to register: the key itself never reaches the store, only its hash. */
export interface NewApiClient {
  client_id: string;
  name: string;
  role: string;
  key_hash: string;
  rate_limits: ClientRateLimits;
}

/**
 * The administration side of the `api_clients` table that `phoneset clients`
 * needs; the store implements it as `store.apiClients` (with `findByKeyHash`).
 *
 * @example
 * await registry.create({ client_id, name: 'crm', role: 'reader', key_hash: hashApiKey(key), rate_limits: {} });
 */
export interface ApiClientRegistry extends ApiClientStore {
  create(client: NewApiClient): Promise<void>;
  /** Every client, revoked ones included, oldest first. */
  list(): Promise<Array<ApiClientRecord & { created_at: Date | string }>>;
  /** Marks a client revoked; false when no live client has that id. */
  revoke(client_id: string): Promise<boolean>;
}
