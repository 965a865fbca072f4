import { describe, expect, it } from 'vitest';
import { createCache } from '../../src/cache/create-cache.js';
import { MemoryCache } from '../../src/cache/memory-cache.js';
import { RedisCache } from '../../src/cache/redis-cache.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('MemoryCache', () => {
  it('returns what was set until its TTL passes', async () => {
    const sut = new MemoryCache();
    await sut.set('a', '1', 40);
    expect(await sut.get('a')).toBe('1');
    await sleep(70);
    expect(await sut.get('a')).toBeUndefined();
  });

  it('deletes several keys at once', async () => {
    const sut = new MemoryCache();
    await sut.set('a', '1', 10_000);
    await sut.set('b', '2', 10_000);
    await sut.delete('a', 'b', 'never-set');
    expect([await sut.get('a'), await sut.get('b')]).toEqual([undefined, undefined]);
  });

  it('evicts the least recently used value beyond its capacity', async () => {
    const sut = new MemoryCache({ maxEntries: 2 });
    await sut.set('a', '1', 10_000);
    await sut.set('b', '2', 10_000);
    await sut.get('a');
    await sut.set('c', '3', 10_000);
    expect(await sut.get('b')).toBeUndefined();
    expect(await sut.get('a')).toBe('1');
  });

  it('counts hits in a window and restarts after it', async () => {
    const sut = new MemoryCache();
    expect((await sut.hit('k', 50)).count).toBe(1);
    const second = await sut.hit('k', 50);
    expect(second.count).toBe(2);
    expect(second.resetInMs).toBeLessThanOrEqual(50);
    await sleep(70);
    expect((await sut.hit('k', 50)).count).toBe(1);
  });
});

describe('createCache', () => {
  it('is in-process without a Redis URL and Redis with one', async () => {
    expect(createCache()).toBeInstanceOf(MemoryCache);
    const redis = createCache({ redisUrl: 'redis://127.0.0.1:6379' });
    expect(redis).toBeInstanceOf(RedisCache);
    await redis.close();
  });
});
