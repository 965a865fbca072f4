import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { PhonesetError } from '../../core/errors.js';
import { routeOf } from '../http/route-of.js';
import type { RateDecision, RateKind, RateLimiter } from './rate-limiter.js';
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
    const apply = (
      decision: RateDecision,
      kind: RateKind,
      reply: FastifyReply,
    ): PhonesetError | undefined => {
      reply.header('ratelimit-limit', decision.limit);
      reply.header('ratelimit-remaining', decision.remaining);
      reply.header('ratelimit-reset', decision.resetSeconds);
      if (decision.allowed) return undefined;
      reply.header('retry-after', decision.resetSeconds);
      return new PhonesetError('API_RATE_LIMITED', {
        limit: decision.limit,
        kind,
        window: `${Math.round(windowMs / 1000)} s`,
        retry_after: decision.resetSeconds,
      });
    };
    // Fail open: a limiter outage (Redis down) must not take the API down with it;
    // authentication and permissions still apply.
    const unavailable = (request: FastifyRequest, error: unknown) =>
      request.log.error({ err: error }, 'rate limiter unavailable; request allowed');

    // A callback hook: with in-process counters the decision is synchronous, and the request
    // goes on without a turn of the event loop.
    app.addHook('onRequest', (request, reply, done) => {
      const principal = request.principal;
      if (!principal) return done();
      const kind = routeOf(request).config.rateKind ?? 'read';
      let decision: ReturnType<RateLimiter['consumeNow']>;
      try {
        decision = limiter.consumeNow(principal.client_id, kind, principal.rate_limits);
      } catch (error) {
        unavailable(request, error);
        return done();
      }
      if (!(decision instanceof Promise)) return done(apply(decision, kind, reply));
      decision.then(
        (d) => done(apply(d, kind, reply)),
        (error: unknown) => {
          unavailable(request, error);
          done();
        },
      );
    });
  },
  { name: 'phoneset-rate-limit', dependencies: ['phoneset-auth'], fastify: '5.x' },
);
