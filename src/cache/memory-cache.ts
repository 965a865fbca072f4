import { LRUCache } from 'lru-cache';
import type { Cache, WindowCount } from './cache.js';

export interface MemoryCacheConfig {
  /** Most values kept; the least recently used go first. Default 10,000. */
  maxEntries?: number;
  /** Most rate-limit windows kept at once. Default 100,000. */
  maxCounters?: number;
}

interface Counter {
  count: number;
  resetAt: number;
}

/**
 * In-process `Cache` on lru-cache: the default when no `REDIS_URL` is set.
 * Counters are only shared inside one process.
 *
 * @example
 * const cache = new MemoryCache({ maxEntries: 1000 });
 */
export class MemoryCache implements Cache {
  readonly #values: LRUCache<string, string>;
  readonly #counters: LRUCache<string, Counter>;

  constructor(config: MemoryCacheConfig = {}) {
    this.#values = new LRUCache({ max: config.maxEntries ?? 10_000, ttlAutopurge: false });
    this.#counters = new LRUCache({ max: config.maxCounters ?? 100_000 });
  }

  async get(key: string): Promise<string | undefined> {
    return this.#values.get(key);
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.#values.set(key, value, { ttl: ttlMs });
  }

  async delete(...keys: string[]): Promise<void> {
    for (const key of keys) this.#values.delete(key);
  }

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    return this.hitNow(key, windowMs);
  }

  hitNow(key: string, windowMs: number): WindowCount {
    const now = Date.now();
    let counter = this.#counters.get(key);
    if (!counter || counter.resetAt <= now) {
      counter = { count: 0, resetAt: now + windowMs };
      this.#counters.set(key, counter);
    }
    counter.count += 1;
    return { count: counter.count, resetInMs: counter.resetAt - now };
  }

  async close(): Promise<void> {
    this.#values.clear();
    this.#counters.clear();
  }
}
