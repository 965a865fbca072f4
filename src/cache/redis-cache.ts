import { Redis } from 'ioredis';
import type { Cache, WindowCount } from './cache.js';

export interface RedisCacheConfig {
  /** `redis://host:port/db`. */
  url: string;
  /** Prepended to every key, so several deployments (or tests) share one Redis. Default `phoneset:`. */
  keyPrefix?: string;
}

// INCR and PEXPIRE in one script so that concurrent API processes never leave a
// counter without an expiry (a crash between two separate calls would).
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`;

/**
 * `Cache` on Redis (ioredis): values and rate-limit windows shared by every
 * API process that points at the same `REDIS_URL` and key prefix.
 *
 * @example
 * const cache = new RedisCache({ url: process.env.REDIS_URL!, keyPrefix: 'phoneset:' });
 */
export class RedisCache implements Cache {
  readonly #redis: Redis;
  readonly #prefix: string;
  #hitSha: string | undefined;

  constructor(config: RedisCacheConfig) {
    this.#prefix = config.keyPrefix ?? 'phoneset:';
    // Fail fast instead of queueing commands forever when Redis is down: a
    // request should get an error it can report, not hang.
    this.#redis = new Redis(config.url, {
      lazyConnect: false,
      maxRetriesPerRequest: 2,
      enableOfflineQueue: true,
    });
    // Connection errors surface on each command; without a listener ioredis
    // would also print them as unhandled 'error' events.
    this.#redis.on('error', () => {});
  }

  async get(key: string): Promise<string | undefined> {
    const value = await this.#redis.get(this.#prefix + key);
    return value ?? undefined;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.#redis.set(this.#prefix + key, value, 'PX', Math.max(1, Math.round(ttlMs)));
  }

  async delete(...keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.#redis.del(...keys.map((key) => this.#prefix + key));
  }

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const args = [1, this.#prefix + key, Math.max(1, Math.round(windowMs))] as const;
    let reply: unknown;
    if (this.#hitSha) {
      try {
        reply = await this.#redis.evalsha(this.#hitSha, ...args);
      } catch (error) {
        if (!String(error).includes('NOSCRIPT')) throw error;
        this.#hitSha = undefined;
      }
    }
    if (reply === undefined) {
      this.#hitSha = (await this.#redis.script('LOAD', HIT_SCRIPT)) as string;
      reply = await this.#redis.evalsha(this.#hitSha, ...args);
    }
    const [count, ttl] = reply as [number, number];
    return { count, resetInMs: ttl };
  }

  /** Removes every key under this cache's prefix (tests use it to clean up). */
  async clear(): Promise<void> {
    let cursor = '0';
    do {
      const [next, keys] = await this.#redis.scan(cursor, 'MATCH', `${this.#prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await this.#redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  }

  async close(): Promise<void> {
    await this.#redis.quit().catch(() => this.#redis.disconnect());
  }
}
