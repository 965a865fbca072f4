import type { Cache } from '../cache/cache.js';
import type { PhoneResult } from '../core/phone/phone-result.js';
import type { RulesConfig } from '../core/rules/index.js';
import type { Metrics } from '../observability/metrics.js';
import type { ApiConfig, RateLimitConfig } from './api-config.js';
import type { ApiClientStore } from './auth/api-client-store.js';
import type { ValueSealer } from './phones/customer-cache.js';
import type { RegistryStore } from './phones/registry-store.js';
import type { QualityService } from './quality/quality.service.js';

/** The phone engine as the API calls it (`createPhoneEngine().normalize` fits): one raw value in, the full verdict out. */
export type PhoneValidator = (raw: string, options: { defaultCountry: string }) => PhoneResult;

/** What `/ready` reports. */
export type Readiness = { ok: true; details?: Record<string, unknown> } | { ok: false; reason: string };

/**
 * The port the store implements for `/ready`: reachable, and every migration applied.
 *
 * @example
 * const readiness: ReadinessCheck = { check: async () => ({ ok: true }) };
 */
export interface ReadinessCheck {
  check(): Promise<Readiness>;
}

/**
 * Everything `buildApp` is handed; `src/app.ts` builds these from config.
 * Ports left out fall back to safe defaults (engine: `normalizePhone`; cache:
 * in-process; no API keys; not ready).
 *
 * @example
 * const app = await buildApp({ config: { logger: false }, apiClients, readiness, cache });
 */
export interface ApiDeps {
  config?: Partial<Omit<ApiConfig, 'rateLimit'>> & { rateLimit?: Partial<RateLimitConfig> };
  validatePhone?: PhoneValidator;
  apiClients?: ApiClientStore;
  readiness?: ReadinessCheck;
  cache?: Cache;
  metrics?: Metrics;
  /** The registry: enables the phone routes and the change feed. */
  store?: RegistryStore;
  /** Business rules for ingested records (the import's rules). Default: `DEFAULT_RULES`. */
  rules?: RulesConfig;
  /** Registry quality (`/v1/quality`); build it over the same store. */
  quality?: QualityService;
  /** Masks a number for callers without pii_reader. Default: src/core/privacy's `maskPhone`. */
  maskPhone?: (e164: string) => string;
  /** Encrypts cached customer records (they hold phone numbers) before they reach Redis. */
  cacheSealer?: ValueSealer;
  /** How often the outbox is read to drop cache entries changed elsewhere; 0 turns the follower off. Default 250 ms. */
  outboxPollMs?: number;
  /** Runs when the app closes (after in-flight requests finish): close the store here. */
  onClose?: () => Promise<void>;
}
