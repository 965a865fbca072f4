import { randomUUID } from 'node:crypto';
import { AjvCompiler } from '@fastify/ajv-compiler';
import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { MemoryCache } from '../cache/memory-cache.js';
import { PhonesetError } from '../core/errors.js';
import { normalizePhone } from '../core/phone/normalize-phone.js';
import { maskPhone } from '../core/privacy/mask-phone.js';
import { loggerOptions } from '../observability/logger.js';
import { createMetrics } from '../observability/metrics.js';
import { resolveApiConfig } from './api-config.js';
import type { ApiDeps } from './api-deps.js';
import { authPlugin } from './auth/auth.plugin.js';
import { graphqlPlugin } from './graphql/graphql.plugin.js';
import { API_ERROR_SCHEMA, installErrorHandler } from './http/error-handler.js';
import { httpMetricsPlugin } from './http/http-metrics.plugin.js';
import { securityHeadersPlugin } from './http/security-headers.plugin.js';
import { CustomerCache } from './phones/customer-cache.js';
import { followOutbox, type OutboxFollower } from './phones/follow-outbox.js';
import { IngestService } from './phones/ingest.service.js';
import { PhonesService } from './phones/phones.service.js';
import { rateLimitPlugin } from './rate-limit/rate-limit.plugin.js';
import { RateLimiter } from './rate-limit/rate-limiter.js';
import { changesRoutes } from './routes/changes.routes.js';
import { exportRoutes } from './routes/export.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { ingestRoutes } from './routes/ingest.routes.js';
import { metricsRoutes } from './routes/metrics.routes.js';
import { phonesRoutes } from './routes/phones.routes.js';
import { qualityRoutes } from './routes/quality.routes.js';
import { validateRoutes } from './routes/validate.routes.js';
import { PHONE_SCHEMA } from './schemas/phone-record.schema.js';
import { PHONE_RESULT_SCHEMA } from './schemas/phone-result.schema.js';
import './http/fastify-types.js';

const ajvFactory = AjvCompiler();
type AjvOptions = NonNullable<Parameters<typeof ajvFactory>[1]>;
const STRICT = { removeAdditional: false, useDefaults: true, coerceTypes: false, allErrors: false } as const;
const COERCING = { ...STRICT, coerceTypes: 'array' } as const;

/**
 * Strict input: unknown fields are an error, not silently dropped (Fastify's
 * default), and JSON bodies keep their types (a number is not a phone string).
 * Only the query string, path and headers, which are text by nature, are coerced.
 */
const buildStrictValidator: NonNullable<
  NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildValidator']
> = (externalSchemas, serverOptions) => {
  const base = (serverOptions ?? {}) as AjvOptions;
  const strict = ajvFactory(externalSchemas, { ...base, customOptions: { ...STRICT } } as AjvOptions);
  const coercing = ajvFactory(externalSchemas, { ...base, customOptions: { ...COERCING } } as AjvOptions);
  return (route) => (route.httpPart === 'body' ? strict(route) : coercing(route));
};

/** Where the interactive API documentation is served. */
export const DOCS_PREFIX = '/docs';

/**
 * Builds the HTTP API: security headers, auth (default deny), per-client rate
 * limits, metrics, OpenAPI 3.1 at `/openapi.json` with its UI at `/docs`, and
 * each route group as its own encapsulated plugin. Returns a ready app and
 * never listens: tests call `app.inject()`, `phoneset serve` calls `listen`.
 *
 * @example
 * const app = await buildApp({ config: { logger: false, jwt }, apiClients, readiness });
 * const res = await app.inject({ method: 'GET', url: '/health' });
 */
export async function buildApp(deps: ApiDeps = {}): Promise<FastifyInstance> {
  const config = resolveApiConfig(deps.config);
  const metrics = deps.metrics ?? createMetrics({ processMetrics: false });
  const ownsCache = deps.cache === undefined;
  const cache = deps.cache ?? new MemoryCache();

  const app = Fastify({
    logger: config.logger === false ? false : loggerOptions(config.logger),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    // Request ids name API batches and audit rows: unique across restarts and replicas.
    genReqId: () => randomUUID(),
    // Strict input: unknown fields are an error, not silently dropped (Fastify's default).
    schemaController: { compilersFactory: { buildValidator: buildStrictValidator } },
    // Our own hook answers requests that arrive while closing, in the API's JSON error format.
    return503OnClosing: false,
  });

  // A fixed shape for the per-request route info the hooks share (see routeOf).
  app.decorateRequest('routeInfo', null);
  installErrorHandler(app, config.bodyLimitBytes);
  // JSON only: every body is a JSON document checked against its schema.
  app.removeContentTypeParser('text/plain');
  app.addSchema(API_ERROR_SCHEMA);
  app.addSchema(PHONE_RESULT_SCHEMA);
  app.addSchema(PHONE_SCHEMA);

  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', (_request, reply, done) => {
    if (!closing) return done();
    reply.header('connection', 'close');
    done(new PhonesetError('API_SHUTTING_DOWN'));
  });

  await app.register(securityHeadersPlugin, { pagePrefix: DOCS_PREFIX });
  if (config.corsOrigins.length > 0) {
    await app.register(cors, { origin: config.corsOrigins, methods: ['GET', 'POST', 'PATCH', 'DELETE'] });
  }

  // The documentation pages are public like the document itself; marking them
  // here keeps the auth plugin's rule simple: only `public: true` is open.
  app.addHook('onRoute', (route) => {
    if (route.url === DOCS_PREFIX || route.url.startsWith(`${DOCS_PREFIX}/`)) {
      route.config = { ...route.config, public: true };
    }
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'phoneset API',
        version: '1',
        description:
          'Validate, look up and change customer phone numbers. Every route but /health, /ready, /docs and /openapi.json needs a bearer JWT or an API key.',
      },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT or API key' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        },
      },
      security: [{ bearerAuth: [] }, { apiKey: [] }],
      tags: [
        { name: 'phones', description: 'Phone numbers' },
        { name: 'quality', description: 'Data quality of the registry' },
        { name: 'operations', description: 'Health, readiness and metrics' },
      ],
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX, staticCSP: true });

  await app.register(authPlugin, {
    jwt: config.jwt,
    apiClients: deps.apiClients,
    apiKeyCacheTtlMs: config.apiKeyCacheTtlMs,
  });
  if (config.rateLimit.enabled) {
    await app.register(rateLimitPlugin, {
      limiter: new RateLimiter(cache, config.rateLimit),
      windowMs: config.rateLimit.windowMs,
    });
  }
  await app.register(httpMetricsPlugin, { metrics });

  // The document describes routes and shapes, never data, and the public /docs
  // page already shows all of it; so it is public too, for client generators.
  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  await app.register(healthRoutes, { readiness: deps.readiness });
  await app.register(metricsRoutes, { metrics });
  const validatePhone = deps.validatePhone ?? normalizePhone;
  await app.register(validateRoutes, { validatePhone, metrics });

  const customers = new CustomerCache(cache, { ttlMs: config.customerCacheTtlMs, sealer: deps.cacheSealer });
  app.decorate('invalidateCustomers', (customerIds: Iterable<string>) => customers.invalidate(customerIds));
  let follower: OutboxFollower | undefined;
  if (deps.store) {
    const mask = deps.maskPhone ?? maskPhone;
    const phones = new PhonesService(deps.store, customers);
    await app.register(phonesRoutes, { phones, maskPhone: mask });
    const ingest = new IngestService(deps.store, customers, {
      engine: validatePhone,
      rules: deps.rules,
      keys: deps.store.idempotency,
      cache,
      sealer: deps.cacheSealer,
    });
    await app.register(ingestRoutes, { ingest, phones, maskPhone: mask });
    await app.register(exportRoutes, { store: deps.store });
    const registry = deps.store;
    await app.register(graphqlPlugin, {
      phones,
      ingest,
      listByCustomers: (ids) => registry.phones.lookupCustomers(ids),
      outbox: registry.outbox,
      maskPhone: mask,
      pollMs: deps.outboxPollMs ?? 250,
    });
    if (deps.quality) await app.register(qualityRoutes, { quality: deps.quality });
    await app.register(changesRoutes, { outbox: deps.store.outbox, maskPhone: mask });
    const pollMs = deps.outboxPollMs ?? 250;
    if (pollMs > 0) {
      const following = followOutbox(deps.store.outbox, customers, {
        intervalMs: pollMs,
        gapTtlMs: config.customerCacheTtlMs,
        onError: (error) => app.log.warn({ err: error }, 'outbox follower: poll failed'),
      });
      follower = following;
      // A cached customer is served only once the changes committed elsewhere (a CLI import,
      // dedupe, another replica) up to the allowed staleness have been applied.
      const staleness = config.customerCacheMaxStalenessMs;
      customers.setFreshness(() => following.sync(staleness));
    }
  }

  app.addHook('onClose', async () => {
    await follower?.stop();
    if (ownsCache) await cache.close();
    await deps.onClose?.();
  });

  await app.ready();
  return app;
}
