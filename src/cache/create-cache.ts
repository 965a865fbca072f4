import type { Cache } from './cache.js';
import { MemoryCache } from './memory-cache.js';
import { RedisCache } from './redis-cache.js';

export interface CacheConfig {
  /** When set, the cache and the rate-limit counters live in Redis. */
  redisUrl?: string | undefined;
  keyPrefix?: string | undefined;
  maxEntries?: number | undefined;
}

/**
 * Builds the configured cache: Redis when `redisUrl` is given, else in-process.
 *
 * @example
 * const cache = createCache({ redisUrl: process.env.REDIS_URL });
 */
export function createCache(config: CacheConfig = {}): Cache {
  if (config.redisUrl) {
    return new RedisCache({ url: config.redisUrl, keyPrefix: config.keyPrefix ?? 'phoneset:' });
  }
  return new MemoryCache({ maxEntries: config.maxEntries ?? 10_000 });
}
