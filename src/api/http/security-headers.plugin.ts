import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * The response headers helmet's defaults set (CSP, HSTS, nosniff, frame and
 * cross-origin policies), fixed once: they never depend on the request, and
 * `@fastify/helmet` rebuilt the whole helmet middleware on every request (a
 * tenth of the CPU of a small API call). Routes that need another CSP (the
 * `/docs` UI) set their own header, which replaces this one.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy':
    "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' https: 'unsafe-inline';upgrade-insecure-requests",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
});

/**
 * Sets `SECURITY_HEADERS` on every response, errors included.
 *
 * @example
 * await app.register(securityHeadersPlugin);
 */
export const securityHeadersPlugin = fp(
  async (app: FastifyInstance) => {
    app.addHook('onRequest', (_request, reply, done) => {
      reply.headers(SECURITY_HEADERS);
      done();
    });
  },
  { name: 'phoneset-security-headers', fastify: '5.x' },
);
