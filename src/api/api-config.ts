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
