import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisCache } from '../../src/cache/redis-cache.js';
import { REDIS_URL, SERVICES } from '../support/services.js';
import { bearer, buildTestApp, signToken } from './api-test-kit.js';

const validate = {
  method: 'POST' as const,
  url: '/v1/phones/validate',
  payload: { phone_number: '3001234567' },
};

describe.skipIf(!SERVICES)('rate limits shared through Redis', () => {
  const prefix = `phoneset-test:${randomUUID()}:`;
  let cacheA: RedisCache;
  let cacheB: RedisCache;
  let appA: FastifyInstance;
  let appB: FastifyInstance;

  beforeAll(async () => {
    cacheA = new RedisCache({ url: REDIS_URL, keyPrefix: prefix });
    cacheB = new RedisCache({ url: REDIS_URL, keyPrefix: prefix });
    const config = { rateLimit: { readPerWindow: 4, windowMs: 60_000 } };
    ({ sut: appA } = await buildTestApp({ cache: cacheA, config }));
    ({ sut: appB } = await buildTestApp({ cache: cacheB, config }));
  });

  afterAll(async () => {
    await appA?.close();
    await appB?.close();
    await cacheA?.clear();
    await cacheA?.close();
    await cacheB?.close();
  });

  it('makes two API instances share one budget per client', async () => {
    const headers = bearer(await signToken(['reader'], { sub: `shared-${randomUUID()}` }));
    const statuses: number[] = [];
    for (const app of [appA, appB, appA, appB, appA, appB]) {
      statuses.push((await app.inject({ ...validate, headers })).statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });

  it('counts concurrent hits exactly (atomic increment with expiry)', async () => {
    const key = `burst-${randomUUID()}`;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 ? cacheA : cacheB).hit(key, 5_000)),
    );
    expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    for (const r of results) {
      expect(r.resetInMs).toBeGreaterThan(0);
      expect(r.resetInMs).toBeLessThanOrEqual(5_000);
    }
  });

  it('stores and expires values', async () => {
    await cacheA.set('v', 'hello', 100);
    expect(await cacheB.get('v')).toBe('hello');
    await cacheA.delete('v');
    expect(await cacheB.get('v')).toBeUndefined();
    await cacheA.set('w', 'short', 30);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await cacheB.get('w')).toBeUndefined();
  });
});
