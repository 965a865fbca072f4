import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerCache } from '../../src/api/phones/customer-cache.js';
import { IngestService } from '../../src/api/phones/ingest.service.js';
import { MemoryCache } from '../../src/cache/memory-cache.js';
import { normalizePhone } from '../../src/core/phone/normalize-phone.js';
import { BACKENDS } from '../support/services.js';
import { createTestStore, type TestStore } from '../support/store.js';
import { bearer, buildTestApp, signToken } from './api-test-kit.js';

for (const backend of BACKENDS) {
  describe(`Idempotency-Key kept in the store on ${backend}`, () => {
    let t: TestStore;
    let n = 0;
    const customer = () => `IDEM-${backend}-${++n}`;
    const cache = new MemoryCache();
    const service = (options: { waitMs?: number; leaseMs?: number } = {}) =>
      new IngestService(t.store, new CustomerCache(cache, { ttlMs: 1000 }), {
        engine: normalizePhone,
        keys: t.store.idempotency,
        cache,
        idempotencyWaitMs: options.waitMs ?? 300,
        idempotencyLeaseMs: options.leaseMs ?? 60_000,
      });

    beforeAll(async () => {
      t = await createTestStore(backend);
    });
    afterAll(async () => {
      await t?.drop();
    });

    it('answers a retry after a restart with the first response, writing nothing again', async () => {
      const id = customer();
      const headers = {
        ...bearer(await signToken(['writer'], { sub: 'crm' })),
        'idempotency-key': `k-${id}`,
      };
      const payload = { customer_id: id, phone_number: '3204867153', source_system: 'mobile_app' };

      const before = (await buildTestApp({ store: t.store, outboxPollMs: 0 })).sut;
      const first = await before.inject({ method: 'POST', url: '/v1/phones', headers, payload });
      expect(first.statusCode).toBe(200);
      expect(first.json().results[0].status).toBe('inserted');
      await before.close();

      // A new process: nothing in memory, only the store.
      let after: FastifyInstance | undefined;
      try {
        after = (await buildTestApp({ store: t.store, outboxPollMs: 0 })).sut;
        const retry = await after.inject({ method: 'POST', url: '/v1/phones', headers, payload });
        expect(retry.statusCode).toBe(200);
        expect(retry.headers['idempotent-replayed']).toBe('true');
        expect(retry.json()).toEqual(first.json());
        const [record] = await t.store.phones.listByCustomer(id);
        expect(record?.times_seen).toBe(1);

        const other = await after.inject({
          method: 'POST',
          url: '/v1/phones',
          headers,
          payload: { ...payload, phone_number: '3204867154' },
        });
        expect(other.statusCode).toBe(422);
        expect(other.json().error.code).toBe('API_IDEMPOTENCY_MISMATCH');
      } finally {
        await after?.close();
      }
    });

    it('keeps the response encrypted and the key only as a hash', async () => {
      const sut = service();
      await sut.idempotent('pii-client', 'secret-key-1', { a: 1 }, async () => ({
        status: 200,
        response: { phone: '+573204867153' },
      }));
      const rows = await t.db.query<Record<string, unknown>>(
        "SELECT * FROM idempotency_keys WHERE client_id = 'pii-client'",
      );
      expect(rows).toHaveLength(1);
      const text = JSON.stringify(rows);
      expect(text).not.toContain('3204867153');
      expect(text).not.toContain('secret-key-1');
      const replay = await sut.idempotent('pii-client', 'secret-key-1', { a: 1 }, async () => {
        throw new Error('must not run again');
      });
      expect(replay).toEqual({ status: 200, response: { phone: '+573204867153' }, replayed: true });
    });

    it('runs the request again when the stored answer was sealed with a key no longer held', async () => {
      const sut = service();
      await sut.idempotent('rotated-client', 'old-key', { r: 1 }, async () => ({
        status: 200,
        response: 'first',
      }));
      // As if the data key had been rotated out: the stored envelope no longer opens.
      await t.db.query(
        "UPDATE idempotency_keys SET response = 'v1:retired:AAAA:BBBB' WHERE client_id = 'rotated-client'",
      );
      const again = await sut.idempotent('rotated-client', 'old-key', { r: 1 }, async () => ({
        status: 200,
        response: 'second',
      }));
      expect(again).toEqual({ status: 200, response: 'second', replayed: false });
    });

    it('makes a retry wait for the first request running elsewhere, then answers 409 if it is still running', async () => {
      const sut = service({ waitMs: 300 });
      // Another replica holds the key: its request is running.
      const keyHash = createHash('sha256').update('busy-key').digest('hex');
      const held = await t.store.idempotency.reserve({
        client_id: 'replica-client',
        key_sha256: keyHash,
        body_sha256: hashOf({ x: 1 }),
        ttlMs: 60_000,
        leaseMs: 60_000,
      });
      expect(held.reserved).toBe(true);
      await expect(
        sut.idempotent('replica-client', 'busy-key', { x: 1 }, async () => ({
          status: 200,
          response: 'twice',
        })),
      ).rejects.toMatchObject({ code: 'API_IDEMPOTENCY_IN_PROGRESS' });

      // The other replica finishes while this one waits: the retry replays its response.
      const waiting = service({ waitMs: 5000 }).idempotent(
        'replica-client',
        'busy-key',
        { x: 1 },
        async () => ({
          status: 200,
          response: 'twice',
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 150));
      await t.store.idempotency.complete('replica-client', keyHash, 201, { done: true });
      expect(await waiting).toEqual({ status: 201, response: { done: true }, replayed: true });
    });

    it('takes over a key whose request died without an answer, and frees a key whose request failed', async () => {
      const keyHash = createHash('sha256').update('dead-key').digest('hex');
      await t.store.idempotency.reserve({
        client_id: 'dead-client',
        key_sha256: keyHash,
        body_sha256: hashOf({ y: 1 }),
        ttlMs: 60_000,
        leaseMs: 60_000,
      });
      const taken = await service({ leaseMs: 0 }).idempotent(
        'dead-client',
        'dead-key',
        { y: 1 },
        async () => ({
          status: 200,
          response: 'ran',
        }),
      );
      expect(taken).toEqual({ status: 200, response: 'ran', replayed: false });

      const sut = service();
      await expect(
        sut.idempotent('dead-client', 'failing-key', { z: 1 }, async () => {
          throw new Error('store down');
        }),
      ).rejects.toThrow('store down');
      const retried = await sut.idempotent('dead-client', 'failing-key', { z: 1 }, async () => ({
        status: 200,
        response: 'second try',
      }));
      expect(retried).toEqual({ status: 200, response: 'second try', replayed: false });
    });
  });
}

/** The body hash the service computes (sorted keys), for reservations made directly in the store. */
function hashOf(value: Record<string, unknown>): string {
  const sorted = Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, value[k]]),
  );
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex');
}
