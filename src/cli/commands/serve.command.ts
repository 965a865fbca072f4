import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { ROLES } from '../../api/auth/roles.js';
import { signDevToken } from '../../api/auth/sign-dev-token.js';
import { buildApp, DOCS_PREFIX } from '../../api/build-app.js';
import { listenApp } from '../../api/listen-app.js';
import { loadDemoSample } from '../../api/load-demo-sample.js';
import { QualityService } from '../../api/quality/quality.service.js';
import { storeReadiness } from '../../api/store-readiness.js';
import { createApp } from '../../app.js';
import { createCache } from '../../cache/create-cache.js';
import { getConfig } from '../../config.js';
import { createPhoneEngine } from '../../enrich/index.js';
import { FileLake } from '../../lake/index.js';
import { createMetrics } from '../../observability/metrics.js';

interface ServeOptions {
  port?: number;
  host?: string;
  demo?: boolean;
}

const parsePort = (value: string): number => {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidArgumentError('expected a port 0–65535');
  return port;
};

/**
 * `phoneset serve --port --host`: runs the HTTP API until SIGTERM/SIGINT, then
 * finishes in-flight requests and closes the store before exiting.
 *
 * @example
 * registerServeCommand(program); // phoneset serve --port 8080 --host 0.0.0.0
 */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Run the HTTP API (REST, OpenAPI docs, metrics) until SIGTERM')
    .option('--port <port>', 'TCP port (0: any free port; default api.port, PORT or 8080)', parsePort)
    .option(
      '--host <host>',
      'interface to bind (0.0.0.0 for every interface; default api.host, HOST or 127.0.0.1)',
    )
    .option('--demo', 'load a generated sample when the store is empty, and print sample calls')
    .addHelpText(
      'after',
      `
Settings: the api section of phoneset.config.yaml, or the environment (which wins): REDIS_URL
(shared cache and rate limits), PHONESET_JWKS_URL + PHONESET_JWT_ISSUER (identity provider),
PHONESET_JWT_AUDIENCE, PHONESET_JWT_SECRET (HS256, development), PHONESET_CORS_ORIGINS,
PHONESET_RATE_READ, PHONESET_RATE_WRITE, PHONESET_BODY_LIMIT, LOG_LEVEL. See docs/api.md.
Without PHONESET_JWKS_URL or PHONESET_JWT_SECRET, a development secret is generated for this
run and a development token is printed.`,
    )
    .action(async (options: ServeOptions) => {
      const env = process.env;
      const { api: config } = getConfig();
      // The demo's console shows the URLs and the token, not a log line per request.
      if (options.demo && !env.LOG_LEVEL) config.logger = { level: 'warn' };
      let devToken: string | undefined;
      if (!config.jwt) {
        const secret = randomBytes(32).toString('base64url');
        config.jwt = { issuer: 'phoneset-dev', audience: 'phoneset', hs256Secret: secret };
        devToken = await signDevToken({ secret, issuer: 'phoneset-dev', audience: 'phoneset', roles: ROLES });
      }
      const wired = await createApp(getConfig());
      const cache = createCache({ redisUrl: config.redisUrl });
      const engine = createPhoneEngine();
      let sampleCustomer: string | undefined;
      if (options.demo) {
        const started = performance.now();
        const loaded = await loadDemoSample(
          { folder: join(wired.config.home, 'demo'), countRecords: () => wired.store.phones.count() },
          {
            store: wired.store,
            lake: new FileLake({ root: join(wired.config.home, 'lake'), keyRing: wired.keyring }),
            engine,
          },
        );
        if (loaded) {
          process.stdout.write(
            `loaded a generated sample into the empty store: ${loaded.received} rows, ${loaded.inserted} records, ${loaded.rejected} rejected (${((performance.now() - started) / 1000).toFixed(1)} s)\n`,
          );
        }
        for await (const record of wired.store.phones.iterate({ masters_only: true }, { pageSize: 1 })) {
          sampleCustomer = record.customer_id;
          break;
        }
      }
      const readiness = storeReadiness(wired.store);
      const quality = new QualityService(wired.store, { engine });
      const metrics = createMetrics({
        countActiveRecords: () => wired.store.phones.count({ masters_only: true }),
        // The stored measurement only: a scrape never starts a pass over the registry.
        latestQuality: async () => {
          const [latest] = await quality.history({ level: 'registry', limit: 1 });
          return latest ? { ...latest.scores } : undefined;
        },
      });
      const app = await buildApp({
        config,
        validatePhone: (raw, opts) => engine.normalize(raw, opts),
        readiness,
        store: wired.store,
        quality,
        apiClients: wired.store.apiClients,
        // Cached customer records hold phone numbers: sealed with the data key before they reach Redis.
        cacheSealer: {
          seal: (text) => wired.keyring.encrypt(text, 'api-cache'),
          open: (text) => wired.keyring.decrypt(text, 'api-cache'),
        },
        cache,
        metrics,
        onClose: async () => {
          await cache.close();
          await wired.close();
        },
      });
      let stopped!: () => void;
      const done = new Promise<void>((resolve) => {
        stopped = resolve;
      });
      const server = await listenApp(app, {
        port: options.port ?? config.port,
        host: options.host ?? config.host,
        onShutdown: (code) => {
          process.exitCode = code;
          stopped();
        },
      });
      process.stdout.write(`phoneset API listening on ${server.url}\n`);
      process.stdout.write(`docs: ${server.url}${DOCS_PREFIX}  ·  OpenAPI: ${server.url}/openapi.json\n`);
      if (devToken) {
        process.stdout.write(
          `development token (all roles, 12 h; not for production, set PHONESET_JWKS_URL):\n${devToken}\n`,
        );
      }
      if (options.demo && devToken) {
        const auth = `-H "Authorization: Bearer $TOKEN"`;
        process.stdout.write(
          `\ntry it (TOKEN=<the token above>):\n` +
            `  curl -s ${auth} ${server.url}/v1/phones/${sampleCustomer ?? 'CUSTOMER_ID'}\n` +
            `  curl -s ${auth} -H 'content-type: application/json' -d '{"phone_number":"300 123 4567"}' ${server.url}/v1/phones/validate\n` +
            `  curl -s ${auth} '${server.url}/v1/export?format=csv&country=CO' | head\n` +
            `GraphQL: ${server.url}/graphql   ·   stop with Ctrl-C\n`,
        );
      }
      // Keep the command alive until the shutdown has closed the store.
      await done;
    });
}
