import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/api/rate-limit/rate-limiter.js';
import type { Cache } from '../../src/cache/cache.js';
import { MemoryCache } from '../../src/cache/memory-cache.js';
import { bearer, buildTestApp, MapApiClientStore, signToken } from './api-test-kit.js';

let sut: FastifyInstance | undefined;
afterEach(async () => {
  await sut?.close();
  sut = undefined;
});

const validate = {
  method: 'POST' as const,
  url: '/v1/phones/validate',
  payload: { phone_number: '3001234567' },
};

describe('per-client rate limits', () => {
  it('answers 429 with Retry-After once a client spends its read budget, and not before', async () => {
    ({ sut } = await buildTestApp({ config: { rateLimit: { readPerWindow: 3, windowMs: 60_000 } } }));
    const headers = bearer(await signToken(['reader'], { sub: 'crm' }));
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await sut.inject({ ...validate, headers })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await sut.inject({ ...validate, headers });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.json().error).toMatchObject({
      code: 'API_RATE_LIMITED',
      details: { limit: 3, kind: 'read' },
    });
  });

  it('counts each client separately', async () => {
    ({ sut } = await buildTestApp({ config: { rateLimit: { readPerWindow: 1 } } }));
    const a = bearer(await signToken(['reader'], { sub: 'client-a' }));
    const b = bearer(await signToken(['reader'], { sub: 'client-b' }));
    expect((await sut.inject({ ...validate, headers: a })).statusCode).toBe(200);
    expect((await sut.inject({ ...validate, headers: a })).statusCode).toBe(429);
    expect((await sut.inject({ ...validate, headers: b })).statusCode).toBe(200);
  });

  it('reports the budget in RateLimit headers', async () => {
    ({ sut } = await buildTestApp({ config: { rateLimit: { readPerWindow: 5 } } }));
    const headers = bearer(await signToken(['reader']));
    await sut.inject({ ...validate, headers });
    const res = await sut.inject({ ...validate, headers });
    expect(res.headers['ratelimit-limit']).toBe('5');
    expect(res.headers['ratelimit-remaining']).toBe('3');
  });

  it("applies a client's own limit from the store over the default", async () => {
    const clients = new MapApiClientStore();
    const key = clients.add({ name: 'batch-job', roles: ['reader'], rate_limits: { read_per_minute: 2 } });
    ({ sut } = await buildTestApp({ apiClients: clients }));
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await sut.inject({ ...validate, headers: { 'x-api-key': key } })).statusCode);
    }
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('does not count public routes', async () => {
    ({ sut } = await buildTestApp({ config: { rateLimit: { readPerWindow: 1 } } }));
    for (let i = 0; i < 5; i++)
      expect((await sut.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });

  it('keeps serving when the limiter store fails (fail open), still enforcing auth', async () => {
    // A remote counter store (no synchronous counter) that is down.
    const broken: Cache = {
      get: async () => undefined,
      set: async () => undefined,
      delete: async () => undefined,
      close: async () => undefined,
      hit: async () => {
        throw new Error('redis down');
      },
    };
    ({ sut } = await buildTestApp({ cache: broken, config: { rateLimit: { readPerWindow: 1 } } }));
    const headers = bearer(await signToken(['reader']));
    expect((await sut.inject({ ...validate, headers })).statusCode).toBe(200);
    expect((await sut.inject({ ...validate, headers })).statusCode).toBe(200);
    expect((await sut.inject(validate)).statusCode).toBe(401);
  });
});

describe('RateLimiter', () => {
  const config = { enabled: true, windowMs: 60_000, readPerWindow: 1000, writePerWindow: 100 };

  it('keeps separate read and write budgets, 1,000 and 100 by default', async () => {
    const sut = new RateLimiter(new MemoryCache(), config);
    let writes = 0;
    while ((await sut.consume('c', 'write', null)).allowed) writes++;
    expect(writes).toBe(100);
    expect((await sut.consume('c', 'read', null)).allowed).toBe(true);
    expect(sut.limitFor('read', null)).toBe(1000);
    expect(sut.limitFor('write', { write_per_minute: 5 })).toBe(5);
  });

  it('opens a new window once the old one has passed', async () => {
    const sut = new RateLimiter(new MemoryCache(), { ...config, windowMs: 50, readPerWindow: 1 });
    expect((await sut.consume('c', 'read', null)).allowed).toBe(true);
    expect((await sut.consume('c', 'read', null)).allowed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 70));
    expect((await sut.consume('c', 'read', null)).allowed).toBe(true);
  });
});
