import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aRecord } from '../store/records.js';
import { BACKENDS } from '../support/services.js';
import { createTestStore, type TestStore } from '../support/store.js';
import { bearer, buildTestApp, signToken } from './api-test-kit.js';

// The store's batch read `phones.listByCustomers` returns soft-deleted records (the import
// needs them to revive or skip); no API read may show them.
for (const backend of BACKENDS) {
  describe(`soft-deleted records on every API read path on ${backend}`, () => {
    let t: TestStore;
    let sut: FastifyInstance;
    let live: string;
    let deleted: string;
    const mixed = `SOFT-${backend}-mixed`;
    const gone = `SOFT-${backend}-gone`;
    const headers = async () => bearer(await signToken(['pii_reader'], { sub: 'soft-delete-check' }));

    beforeAll(async () => {
      t = await createTestStore(backend);
      ({ sut } = await buildTestApp({ store: t.store, outboxPollMs: 0 }));
      const ids = await t.store.phones.reserveIds(3);
      [live, deleted] = ids as [string, string, string];
      await t.store.applyChanges({
        inserts: [
          aRecord({ phone_id: live, customer_id: mixed, phone_number: '+573001230001', is_primary: true }),
          aRecord({
            phone_id: deleted,
            customer_id: mixed,
            phone_number: '+573001230002',
            deleted_at: new Date('2026-11-02T00:00:00Z'),
          }),
          aRecord({
            phone_id: ids[2] as string,
            customer_id: gone,
            phone_number: '+573001230003',
            deleted_at: new Date('2026-11-02T00:00:00Z'),
          }),
        ],
      });
      // The store's batch read does return the deleted ones: the API must filter them.
      const raw = await t.store.phones.listByCustomers([mixed, gone]);
      expect(raw.filter((r) => r.deleted_at !== null)).toHaveLength(2);
    });
    afterAll(async () => {
      await sut?.close();
      await t?.drop();
    });

    const idsOf = (phones: Array<{ phone_id: string }>) => phones.map((p) => p.phone_id).sort();

    it('GET /v1/phones/{customer_id}: only live phones; a customer with none left is a 404', async () => {
      const res = await sut.inject({ method: 'GET', url: `/v1/phones/${mixed}`, headers: await headers() });
      expect(res.statusCode).toBe(200);
      expect(idsOf(res.json().phones)).toEqual([live]);
      const none = await sut.inject({ method: 'GET', url: `/v1/phones/${gone}`, headers: await headers() });
      expect(none.statusCode).toBe(404);
      expect(none.json().error.code).toBe('API_CUSTOMER_NOT_FOUND');
    });

    it('POST /v1/phones/search: by customer ids and by other filters', async () => {
      const byIds = await sut.inject({
        method: 'POST',
        url: '/v1/phones/search',
        headers: await headers(),
        payload: { customer_ids: [mixed, gone] },
      });
      expect(byIds.statusCode).toBe(200);
      expect(idsOf(byIds.json().phones)).toEqual([live]);
      const byCountry = await sut.inject({
        method: 'POST',
        url: '/v1/phones/search',
        headers: await headers(),
        payload: { countries: ['CO'], limit: 1000 },
      });
      const found = idsOf(byCountry.json().phones);
      expect(found).toContain(live);
      expect(found).not.toContain(deleted);
    });

    it('GraphQL customer { phones } and phones(customer_ids)', async () => {
      const res = await sut.inject({
        method: 'POST',
        url: '/graphql',
        headers: await headers(),
        payload: {
          query: `query ($a: String!, $b: String!, $ids: [String!]) {
            a: customer(customer_id: $a) { phones { phone_id } }
            b: customer(customer_id: $b) { phones { phone_id } }
            phones(customer_ids: $ids) { phone_id }
          }`,
          variables: { a: mixed, b: gone, ids: [mixed, gone] },
        },
      });
      expect(res.statusCode).toBe(200);
      const data = res.json().data;
      expect(idsOf(data.a.phones)).toEqual([live]);
      expect(data.b.phones).toEqual([]);
      expect(idsOf(data.phones)).toEqual([live]);
    });

    it('GET /v1/export: filtered by customer and whole', async () => {
      for (const url of [`/v1/export?format=ndjson&customer_id=${mixed}`, '/v1/export?format=ndjson']) {
        const res = await sut.inject({ method: 'GET', url, headers: await headers() });
        expect(res.statusCode).toBe(200);
        const rows = res.body
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as { phone_id: string });
        const exported = rows.map((r) => r.phone_id);
        expect(exported).toContain(live);
        expect(exported).not.toContain(deleted);
      }
    });
  });
}
