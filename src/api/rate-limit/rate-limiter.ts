import type { Cache, WindowCount } from '../../cache/cache.js';
import type { RateLimitConfig } from '../api-config.js';
import type { ClientRateLimits } from '../auth/principal.js';

export type RateKind = 'read' | 'write';

/** The verdict for one request. */
export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets (the Retry-After value when refused). */
  resetSeconds: number;
}

/**
 * A per-client fixed-window limiter over the `Cache` port, so the same counters
 * live in-process or in Redis (shared by every API replica). Written here
 * rather than taken from @fastify/rate-limit because each client needs two
 * budgets (reads, writes) with per-client overrides from the store, counted in
 * the same Cache the customer lookups use; the whole of it is one atomic
 * counter per window. A fixed window can let up to 2× the limit through across
 * a window boundary, which is acceptable for a fairness guard.
 */
export class RateLimiter {
  readonly #cache: Cache;
  readonly #config: RateLimitConfig;

  /**
   * @example
   * const limiter = new RateLimiter(cache, { enabled: true, windowMs: 60_000, readPerWindow: 1000, writePerWindow: 100 });
   */
  constructor(cache: Cache, config: RateLimitConfig) {
    this.#cache = cache;
    this.#config = config;
  }

  /** The limit that applies to a client for a kind of request. */
  limitFor(kind: RateKind, overrides: ClientRateLimits | null): number {
    const own = kind === 'read' ? overrides?.read_per_minute : overrides?.write_per_minute;
    const fallback = kind === 'read' ? this.#config.readPerWindow : this.#config.writePerWindow;
    return typeof own === 'number' && own >= 0 ? own : fallback;
  }

  /**
   * Counts one request of `clientId` and says whether it may go on.
   *
   * @example
   * const d = await limiter.consume('client-1', 'write', null);
   * if (!d.allowed) reply.header('retry-after', d.resetSeconds);
   */
  async consume(clientId: string, kind: RateKind, overrides: ClientRateLimits | null): Promise<RateDecision> {
    return this.consumeNow(clientId, kind, overrides);
  }

  /**
   * `consume` that answers synchronously when the counters are in-process, and with a
   * promise when they are remote (Redis).
   *
   * @example
   * const d = limiter.consumeNow('client-1', 'read', null);
   * const decision = d instanceof Promise ? await d : d;
   */
  consumeNow(
    clientId: string,
    kind: RateKind,
    overrides: ClientRateLimits | null,
  ): RateDecision | Promise<RateDecision> {
    const limit = this.limitFor(kind, overrides);
    const key = `rl:${kind}:${clientId}`;
    if (this.#cache.hitNow) return decide(limit, this.#cache.hitNow(key, this.#config.windowMs));
    return this.#cache.hit(key, this.#config.windowMs).then((count) => decide(limit, count));
  }
}

function decide(limit: number, { count, resetInMs }: WindowCount): RateDecision {
  return {
    allowed: count <= limit,
    limit,
    remaining: Math.max(0, limit - count),
    resetSeconds: Math.max(1, Math.ceil(resetInMs / 1000)),
  };
}
