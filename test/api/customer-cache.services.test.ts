import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { CustomerCache } from '../../src/api/phones/customer-cache.js';
import { RedisCache } from '../../src/cache/redis-cache.js';
import type { PhoneRecord } from '../../src/core/registry/phone-record.js';
import { REDIS_URL, SERVICES } from '../support/services.js';
import { testKeyRing } from '../support/store.js';

describe.skipIf(!SERVICES)('customer cache on Redis', () => {
  const prefix = `phoneset-test:${randomUUID()}:`;
  const cache = new RedisCache({ url: REDIS_URL, keyPrefix: prefix });
  const probe = new Redis(REDIS_URL);
  afterAll(async () => {
    await cache.clear();
    await cache.close();
    await probe.quit();
  });

  const record = {
    phone_id: '7',
    customer_id: 'R1',
    phone_number: '+573001234567',
    updated_at: new Date('2026-11-01T10:00:00Z'),
    created_at: new Date('2026-11-01T10:00:00Z'),
    deleted_at: null,
  } as unknown as PhoneRecord;

  it('keeps phone numbers out of Redis when sealed, and reads them back with their dates', async () => {
    const ring = testKeyRing();
    const sut = new CustomerCache(cache, {
      ttlMs: 10_000,
      sealer: { seal: (t) => ring.encrypt(t, 'api-cache'), open: (t) => ring.decrypt(t, 'api-cache') },
    });
    let loads = 0;
    const load = async () => {
      loads++;
      return [record];
    };
    await sut.get('R1', load);
    const stored = await probe.get(`${prefix}customer:R1`);
    expect(stored).toBeTruthy();
    expect(stored).not.toContain('3001234567');
    const again = await sut.get('R1', load);
    expect(loads).toBe(1);
    expect(again[0]?.updated_at).toEqual(record.updated_at);
    await sut.invalidate(['R1']);
    expect(await probe.get(`${prefix}customer:R1`)).toBeNull();
  });
});
