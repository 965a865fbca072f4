import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { PhonesetError } from '../../core/errors.js';
import type { RateLimiter } from './rate-limiter.js';
import '../http/fastify-types.js';

export interface RateLimitPluginOptions {
  limiter: RateLimiter;
  windowMs: number;
}

/**
 * Applies the per-client limits after authentication: `RateLimit-*` headers on
 * every counted response, 429 with `Retry-After` once a budget is spent.
 * Public routes are not counted. Registered after the auth plugin.
 *
 * @example
 * await app.register(rateLimitPlugin, { limiter, windowMs: 60_000 });
 */
export const rateLimitPlugin = fp<RateLimitPluginOptions>(
  async (app: FastifyInstance, { limiter, windowMs }) => {
    app.addHook('onRequest', async (request, reply) => {
      const principal = request.principal;
      if (!principal) return;
      const kind = request.routeOptions.config.rateKind ?? 'read';
      let decision: Awaited<ReturnType<RateLimiter['consume']>>;
      try {
        decision = await limiter.consume(principal.client_id, kind, principal.rate_limits);
      } catch (error) {
        // Fail open: a limiter outage (Redis down) must not take the API down
        // with it; authentication and permissions still apply.
        request.log.error({ err: error }, 'rate limiter unavailable; request allowed');
        return;
      }
      reply.header('ratelimit-limit', decision.limit);
      reply.header('ratelimit-remaining', decision.remaining);
      reply.header('ratelimit-reset', decision.resetSeconds);
      if (!decision.allowed) {
        reply.header('retry-after', decision.resetSeconds);
        throw new PhonesetError('API_RATE_LIMITED', {
          limit: decision.limit,
          kind,
          window: `${Math.round(windowMs / 1000)} s`,
          retry_after: decision.resetSeconds,
        });
      }
    });
  },
  { name: 'phoneset-rate-limit', dependencies: ['phoneset-auth'], fastify: '5.x' },
);
