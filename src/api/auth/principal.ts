import type { Permission, Role } from './roles.js';

/** Per-client rate limits in requests per window; absent fields take the server defaults. */
export interface ClientRateLimits {
  read_per_minute?: number | null;
  write_per_minute?: number | null;
}

/**
 * Who is calling: set on every authenticated request as `request.principal`.
 *
 * @example
 * if (request.principal?.permissions.has('phones:read_pii')) { ... }
 */
export interface Principal {
  /** JWT `sub`, or the API client id. Rate limits and audit rows use it. */
  client_id: string;
  kind: 'jwt' | 'api_key';
  roles: Role[];
  permissions: ReadonlySet<Permission>;
  rate_limits: ClientRateLimits | null;
}
