import type { FastifyContextConfig, FastifyRequest } from 'fastify';
import './fastify-types.js';

/** What the hooks read of a request's route: its pattern and its config. */
export interface RouteInfo {
  /** The route pattern (`/v1/phones/:customer_id`); undefined when no route matched. */
  url: string | undefined;
  config: FastifyContextConfig;
}

/**
 * The request's route pattern and config, read once per request. Fastify's
 * `request.routeOptions` builds a new object on every access, and four hooks
 * (security headers, auth, rate limit, metrics) read it on every request.
 * The app decorates requests with `routeInfo` so the field has a fixed shape.
 *
 * @example
 * if (routeOf(request).config.public) return done();
 */
export function routeOf(request: FastifyRequest): RouteInfo {
  let info = request.routeInfo;
  if (!info) {
    const options = request.routeOptions;
    info = { url: options.url, config: options.config };
    request.routeInfo = info;
  }
  return info;
}
