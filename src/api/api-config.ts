import { PhonesetError } from '../core/errors.js';
import type { LoggerConfig } from '../observability/logger.js';
import type { JwtConfig } from './auth/jwt-verifier.js';

/** Requests per window by kind; a client's own limits override these. */
export interface RateLimitConfig {
  enabled: boolean;
  windowMs: number;
  readPerWindow: number;
  writePerWindow: number;
}

/** Everything the HTTP layer is configured by. `src/config.ts` fills it from the config file and env. */
export interface ApiConfig {
  /** Largest accepted request body in bytes. */
  bodyLimitBytes: number;
  /** Allowed CORS origins; empty (the default) means no CORS headers at all. */
  corsOrigins: string[];
  /** Logger settings, or false for no request logs (tests, benchmarks). */
  logger: LoggerConfig | false;
  /** Bearer JWT settings; without them only API keys are accepted. */
  jwt?: JwtConfig | undefined;
  rateLimit: RateLimitConfig;
  /** How long a customer's phones stay cached. */
  customerCacheTtlMs: number;
  /**
   * How old a change made by another process (CLI import, dedupe, another replica) may be and
   * still not show in a cached read. 0 (the default): a cached read first reads the outbox for
   * changes committed before it (one small query shared by concurrent reads), so the next read
   * after any change sees it.
   */
  customerCacheMaxStalenessMs: number;
  /** How long an API key lookup is remembered in-process (revocation takes at most this long). */
  apiKeyCacheTtlMs: number;
  /** Honour X-Forwarded-* from a proxy in front. */
  trustProxy: boolean;
}

/**
 * The defaults: 1 MiB bodies, CORS off, 1,000 reads and 100 writes per client per minute.
 *
 * @example
 * const config = resolveApiConfig({ logger: false, jwt: { issuer, audience, hs256Secret } });
 */
export const DEFAULT_API_CONFIG: ApiConfig = {
  bodyLimitBytes: 1024 * 1024,
  corsOrigins: [],
  logger: { level: 'info' },
  rateLimit: { enabled: true, windowMs: 60_000, readPerWindow: 1000, writePerWindow: 100 },
  customerCacheTtlMs: 60_000,
  customerCacheMaxStalenessMs: 0,
  apiKeyCacheTtlMs: 10_000,
  trustProxy: false,
};

/**
 * Fills the unset fields of a partial API config with the defaults.
 *
 * @example
 * resolveApiConfig({ rateLimit: { readPerWindow: 10 } }).rateLimit.writePerWindow // 100
 */
export function resolveApiConfig(
  partial: Partial<Omit<ApiConfig, 'rateLimit'>> & { rateLimit?: Partial<RateLimitConfig> } = {},
): ApiConfig {
  return {
    ...DEFAULT_API_CONFIG,
    ...partial,
    rateLimit: { ...DEFAULT_API_CONFIG.rateLimit, ...partial.rateLimit },
  };
}

/**
 * The API settings of the one config (`src/config.ts`, `api` section): what `buildApp` takes,
 * plus where `phoneset serve` listens and the shared cache.
 */
export interface ApiServeConfig extends ApiConfig {
  port: number;
  host: string;
  /** Shared cache and rate-limit counters (several API processes); undefined: in-process. */
  redisUrl: string | undefined;
}

type Raw = Record<string, unknown>;

const invalid = (where: string, detail: string) => new PhonesetError('CONFIG_INVALID', { where, detail });

function mapping(raw: Raw, name: string, where: string): Raw {
  const value = raw[name];
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw invalid(`${where}.${name}`, 'expected a mapping');
  return value as Raw;
}

/** Refuses keys a section does not have: a typo must not fall back to a default silently. */
function onlyKeys(raw: Raw, known: readonly string[], where: string): void {
  for (const key of Object.keys(raw)) {
    if (!known.includes(key))
      throw invalid(`${where}.${key}`, `unknown key; known keys are ${known.join(', ')}`);
  }
}

/** The environment variable when set (it wins), else the file value. */
function pick(
  env: NodeJS.ProcessEnv,
  name: string,
  file: unknown,
  fileWhere: string,
): { value: unknown; where: string } {
  const text = env[name];
  return text !== undefined && text !== '' ? { value: text, where: name } : { value: file, where: fileWhere };
}

function wholeNumber(source: { value: unknown; where: string }, fallback: number, min = 0): number {
  const { value, where } = source;
  if (value === undefined || value === null || value === '') return fallback;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < min)
    throw invalid(where, `expected a whole number ≥ ${min}, got ${JSON.stringify(value)}`);
  return n;
}

function text(source: { value: unknown; where: string }): string | undefined {
  const { value, where } = source;
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw invalid(where, `expected text, got ${JSON.stringify(value)}`);
  return value;
}

function flag(source: { value: unknown; where: string }): boolean {
  const { value, where } = source;
  if (value === undefined || value === null || value === '') return false;
  if (typeof value === 'boolean') return value;
  if (value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  throw invalid(where, `expected true or false (1 or 0), got ${JSON.stringify(value)}`);
}

function origins(source: { value: unknown; where: string }): string[] {
  const { value, where } = source;
  if (value === undefined || value === null || value === '') return [];
  const list = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(list) || list.some((o) => typeof o !== 'string')) {
    throw invalid(where, 'expected a list of origins (or, in the environment, a comma-separated one)');
  }
  return (list as string[]).map((o) => o.trim()).filter(Boolean);
}

/** Keys of the `api` section of `phoneset.config.yaml`. */
const API_KEYS = [
  'port',
  'host',
  'body_limit',
  'cors_origins',
  'trust_proxy',
  'log_level',
  'rate_limits',
  'auth',
  'cache',
];

/**
 * Reads the `api` section of the config file with the environment on top (the environment
 * wins, so every variable that configured the API before still does):
 *
 * | setting | file key (`api.`…) | env |
 * |---|---|---|
 * | port (default 8080) | `port` | `PORT` |
 * | interface (default 127.0.0.1) | `host` | `HOST` |
 * | JWT issuer (required with a JWKS URL) | `auth.jwt_issuer` | `PHONESET_JWT_ISSUER` |
 * | JWT audience (default `phoneset`) | `auth.jwt_audience` | `PHONESET_JWT_AUDIENCE` |
 * | identity provider keys | `auth.jwks_url` | `PHONESET_JWKS_URL` |
 * | HS256 secret (development) | — (never in a file) | `PHONESET_JWT_SECRET` |
 * | reads / writes per client per minute | `rate_limits.read_per_minute`, `.write_per_minute` | `PHONESET_RATE_READ`, `PHONESET_RATE_WRITE` |
 * | CORS origins (default none: CORS off) | `cors_origins` (list) | `PHONESET_CORS_ORIGINS` (comma separated) |
 * | largest body in bytes (default 1 MiB) | `body_limit` | `PHONESET_BODY_LIMIT` |
 * | trust X-Forwarded-* | `trust_proxy` | `PHONESET_TRUST_PROXY=1` |
 * | log level (default info) | `log_level` | `LOG_LEVEL` |
 * | shared cache and rate limits | `cache.redis_url` | `REDIS_URL` |
 * | customer cache TTL (default 60 s) | `cache.ttl_seconds` | — |
 * | allowed staleness of a cached read (default 0) | `cache.max_staleness_ms` | — |
 *
 * @example
 * const api = readApiConfig({ port: 9000, rate_limits: { read_per_minute: 600 } }, process.env, 'phoneset.config.yaml: api');
 */
export function readApiConfig(section: Raw, env: NodeJS.ProcessEnv, where = 'api'): ApiServeConfig {
  onlyKeys(section, API_KEYS, where);
  const auth = mapping(section, 'auth', where);
  if (auth.jwt_secret !== undefined) {
    throw invalid(`${where}.auth.jwt_secret`, 'secrets never go in the config file; use PHONESET_JWT_SECRET');
  }
  onlyKeys(auth, ['jwt_issuer', 'jwt_audience', 'jwks_url'], `${where}.auth`);
  const limits = mapping(section, 'rate_limits', where);
  onlyKeys(limits, ['read_per_minute', 'write_per_minute'], `${where}.rate_limits`);
  const cache = mapping(section, 'cache', where);
  onlyKeys(cache, ['redis_url', 'ttl_seconds', 'max_staleness_ms'], `${where}.cache`);

  const issuer = text(pick(env, 'PHONESET_JWT_ISSUER', auth.jwt_issuer, `${where}.auth.jwt_issuer`));
  const audience = text(pick(env, 'PHONESET_JWT_AUDIENCE', auth.jwt_audience, `${where}.auth.jwt_audience`));
  const jwksUrl = text(pick(env, 'PHONESET_JWKS_URL', auth.jwks_url, `${where}.auth.jwks_url`));
  const hs256Secret = text({ value: env.PHONESET_JWT_SECRET, where: 'PHONESET_JWT_SECRET' });
  if (jwksUrl && !issuer) {
    throw invalid('PHONESET_JWT_ISSUER', 'required with PHONESET_JWKS_URL (the identity provider issuer)');
  }
  const jwt =
    jwksUrl || hs256Secret
      ? { issuer: issuer ?? 'phoneset-dev', audience: audience ?? 'phoneset', jwksUrl, hs256Secret }
      : undefined;
  const redisUrl = text(pick(env, 'REDIS_URL', cache.redis_url, `${where}.cache.redis_url`));
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl))
    throw invalid(`${where}.cache.redis_url`, 'expected redis://host:port');
  const port = wholeNumber(pick(env, 'PORT', section.port, `${where}.port`), 8080);
  if (port > 65535) throw invalid(`${where}.port`, 'expected a port 0–65535');

  return {
    ...resolveApiConfig({
      jwt,
      corsOrigins: origins(pick(env, 'PHONESET_CORS_ORIGINS', section.cors_origins, `${where}.cors_origins`)),
      bodyLimitBytes: wholeNumber(
        pick(env, 'PHONESET_BODY_LIMIT', section.body_limit, `${where}.body_limit`),
        DEFAULT_API_CONFIG.bodyLimitBytes,
        1,
      ),
      trustProxy: flag(pick(env, 'PHONESET_TRUST_PROXY', section.trust_proxy, `${where}.trust_proxy`)),
      logger: { level: text(pick(env, 'LOG_LEVEL', section.log_level, `${where}.log_level`)) ?? 'info' },
      customerCacheTtlMs:
        wholeNumber({ value: cache.ttl_seconds, where: `${where}.cache.ttl_seconds` }, 60, 1) * 1000,
      customerCacheMaxStalenessMs: wholeNumber(
        { value: cache.max_staleness_ms, where: `${where}.cache.max_staleness_ms` },
        DEFAULT_API_CONFIG.customerCacheMaxStalenessMs,
      ),
      rateLimit: {
        readPerWindow: wholeNumber(
          pick(env, 'PHONESET_RATE_READ', limits.read_per_minute, `${where}.rate_limits.read_per_minute`),
          DEFAULT_API_CONFIG.rateLimit.readPerWindow,
        ),
        writePerWindow: wholeNumber(
          pick(env, 'PHONESET_RATE_WRITE', limits.write_per_minute, `${where}.rate_limits.write_per_minute`),
          DEFAULT_API_CONFIG.rateLimit.writePerWindow,
        ),
      },
    }),
    port,
    host: text(pick(env, 'HOST', section.host, `${where}.host`)) ?? '127.0.0.1',
    redisUrl,
  };
}

/**
 * The API settings from the environment alone (no config file); see `readApiConfig`.
 *
 * @example
 * const config = apiConfigFromEnv(process.env);
 */
export function apiConfigFromEnv(env: NodeJS.ProcessEnv): ApiServeConfig {
  return readApiConfig({}, env, 'environment');
}
