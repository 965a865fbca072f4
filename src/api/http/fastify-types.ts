import type { Principal } from '../auth/principal.js';
import type { Permission } from '../auth/roles.js';

/** How a route declares its access rule in `config` (checked by the auth plugin, default deny). */
export interface RouteAccess {
  /** No credential needed (health, readiness, docs). */
  public?: boolean;
  /** The permission a caller needs; absent on a non-public route means any valid credential. */
  permission?: Permission;
  /** Which per-client rate limit the route counts against. Default `read`. */
  rateKind?: 'read' | 'write';
}

declare module 'fastify' {
  interface FastifyContextConfig extends RouteAccess {}
  interface FastifyInstance {
    /**
     * Drops the cached phones of these customers. Writers in this process (an
     * ingest route, an in-process import) call it after a change; changes made
     * by other processes reach the cache through the outbox follower.
     */
    invalidateCustomers(customerIds: Iterable<string>): Promise<void>;
  }
  interface FastifyRequest {
    /** Set by the auth plugin on every non-public route; null on public ones. */
    principal: Principal | null;
    /** The route's pattern and config, read once (see `routeOf`). */
    routeInfo: { url: string | undefined; config: FastifyContextConfig } | null;
  }
}
