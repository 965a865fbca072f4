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

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    throw new PhonesetError('CONFIG_INVALID', {
      where: name,
      detail: `expected a whole number, got "${text}"`,
    });
  }
  return value;
}

/**
 * Reads the API settings from the environment:
 * `PHONESET_JWT_ISSUER`, `PHONESET_JWT_AUDIENCE` (default `phoneset`), `PHONESET_JWKS_URL`,
 * `PHONESET_JWT_SECRET` (HS256, development), `PHONESET_CORS_ORIGINS` (comma separated),
 * `PHONESET_RATE_READ` / `PHONESET_RATE_WRITE` (per client per minute), `PHONESET_BODY_LIMIT`
 * (bytes), `PHONESET_TRUST_PROXY=1`, `LOG_LEVEL`.
 *
 * @example
 * const config = apiConfigFromEnv(process.env);
 */
export function apiConfigFromEnv(env: NodeJS.ProcessEnv): ApiConfig {
  const jwksUrl = env.PHONESET_JWKS_URL || undefined;
  const hs256Secret = env.PHONESET_JWT_SECRET || undefined;
  const jwt =
    jwksUrl || hs256Secret
      ? {
          issuer: env.PHONESET_JWT_ISSUER || 'phoneset-dev',
          audience: env.PHONESET_JWT_AUDIENCE || 'phoneset',
          jwksUrl,
          hs256Secret,
        }
      : undefined;
  if (jwksUrl && !env.PHONESET_JWT_ISSUER) {
    throw new PhonesetError('CONFIG_INVALID', {
      where: 'PHONESET_JWT_ISSUER',
      detail: 'required with PHONESET_JWKS_URL (the identity provider issuer)',
    });
  }
  return resolveApiConfig({
    jwt,
    corsOrigins: (env.PHONESET_CORS_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    bodyLimitBytes: intFrom(env, 'PHONESET_BODY_LIMIT', DEFAULT_API_CONFIG.bodyLimitBytes),
    trustProxy: env.PHONESET_TRUST_PROXY === '1',
    logger: { level: env.LOG_LEVEL || 'info' },
    rateLimit: {
      readPerWindow: intFrom(env, 'PHONESET_RATE_READ', DEFAULT_API_CONFIG.rateLimit.readPerWindow),
      writePerWindow: intFrom(env, 'PHONESET_RATE_WRITE', DEFAULT_API_CONFIG.rateLimit.writePerWindow),
    },
  });
}
