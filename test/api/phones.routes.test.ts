import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHANGE_TOPIC } from '../../src/core/registry/change-topic.js';
import { aRecord } from '../store/records.js';
import { BACKENDS } from '../support/services.js';
import { createTestStore, type TestStore } from '../support/store.js';
import { bearer, buildTestApp, signToken } from './api-test-kit.js';

for (const backend of BACKENDS) {
  describe(`phone routes on ${backend}`, () => {
    let t: TestStore;
    let sut: FastifyInstance;
    let ids: string[];
    const as = async (roles: string[], sub = `client-${roles.join('-')}`) =>
      bearer(await signToken(roles, { sub }));

    beforeAll(async () => {
      t = await createTestStore(backend);
      ({ sut } = await buildTestApp({ store: t.store, outboxPollMs: 0 }));
    });
    afterAll(async () => {
      await sut?.close();
      await t?.drop();
    });

    beforeEach(async () => {
      ids = await t.store.phones.reserveIds(6);
      const [a, b, c, d, e, f] = ids as [string, string, string, string, string, string];
      const suffix = a; // unique customers per test
      await t.store.applyChanges({
        inserts: [
          aRecord({
            phone_id: a,
            customer_id: `C1-${suffix}`,
            phone_number: '+573001234567',
            updated_at: new Date('2026-10-01'),
          }),
          aRecord({
            phone_id: b,
            customer_id: `C1-${suffix}`,
            phone_number: '+573109876543',
            is_primary: true,
            is_verified: true,
            updated_at: new Date('2026-01-01'),
          }),
          aRecord({
            phone_id: c,
            customer_id: `C1-${suffix}`,
            phone_number: '+576014445566',
            phone_type: 'fixed',
            updated_at: new Date('2026-11-20'),
          }),
          aRecord({
            phone_id: d,
            customer_id: `C1-${suffix}`,
            phone_number: '+573001111111',
            deleted_at: new Date('2026-11-21'),
          }),
          aRecord({
            phone_id: e,
            customer_id: `C2-${suffix}`,
            phone_number: '+12125550199',
            country_code: 'US',
            source_system: 'web_forms',
            sources: ['web_forms'],
          }),
          aRecord({
            phone_id: f,
            customer_id: `C2-${suffix}`,
            phone_number: '+12125550100',
            country_code: 'US',
            merged_into: e,
          }),
        ],
      });
    });

    const customer = (n: 1 | 2) => `C${n}-${ids[0]}`;

    describe('GET /v1/phones/{customer_id}', () => {
      it('lists live phones primary first, then most recent, masked for a reader', async () => {
        const res = await sut.inject({
          method: 'GET',
          url: `/v1/phones/${customer(1)}`,
          headers: await as(['reader']),
        });
        expect(res.statusCode).toBe(200);
        const phones = res.json().phones as Array<{
          phone_id: string;
          phone_number: string;
          masked: boolean;
        }>;
        expect(phones.map((p) => p.phone_id)).toEqual([ids[1], ids[2], ids[0]]);
        expect(phones.map((p) => p.phone_number)).toEqual(['+57310****43', '+57601****66', '+57300****67']);
        expect(phones.every((p) => p.masked)).toBe(true);
        expect(await t.store.audit.listByCustomer(customer(1))).toEqual([]);
      });

      it('reveals numbers to a pii_reader and writes a READ audit row per number revealed', async () => {
        const res = await sut.inject({
          method: 'GET',
          url: `/v1/phones/${customer(1)}?verified_only=true`,
          headers: await as(['pii_reader'], 'analyst-7'),
        });
        expect(res.statusCode).toBe(200);
        expect(res.json().phones).toMatchObject([
          { phone_id: ids[1], phone_number: '+573109876543', masked: false },
        ]);
        const audit = await t.store.audit.listByCustomer(customer(1));
        expect(audit).toHaveLength(1);
        expect(audit[0]).toMatchObject({ operation: 'READ', phone_id: ids[1], changed_by: 'analyst-7' });
        expect(audit[0]?.request_id).toMatch(/^[0-9a-f-]{36}$/);
      });

      it('hides merged duplicates', async () => {
        const res = await sut.inject({
          method: 'GET',
          url: `/v1/phones/${customer(2)}`,
          headers: await as(['reader']),
        });
        expect(res.json().phones.map((p: { phone_id: string }) => p.phone_id)).toEqual([ids[4]]);
      });

      it('answers 404 API_CUSTOMER_NOT_FOUND for a customer without phones', async () => {
        const res = await sut.inject({
          method: 'GET',
          url: '/v1/phones/nobody-here',
          headers: await as(['reader']),
        });
        expect(res.statusCode).toBe(404);
        expect(res.json().error).toMatchObject({
          code: 'API_CUSTOMER_NOT_FOUND',
          details: { customer_id: 'nobody-here' },
        });
      });

      it('refuses an auditor (no phones:read) and an unknown query parameter', async () => {
        const auditor = await sut.inject({
          method: 'GET',
          url: `/v1/phones/${customer(1)}`,
          headers: await as(['auditor']),
        });
        expect(auditor.statusCode).toBe(403);
        const extra = await sut.inject({
          method: 'GET',
          url: `/v1/phones/${customer(1)}?sort=asc`,
          headers: await as(['reader']),
        });
        expect(extra.statusCode).toBe(400);
        expect(extra.json().error.details.fields).toEqual([
          { field: 'querystring.sort', reason: 'unknown field' },
        ]);
      });
    });

    describe('POST /v1/phones/search', () => {
      it('filters by customers, countries and sources', async () => {
        const res = await sut.inject({
          method: 'POST',
          url: '/v1/phones/search',
          headers: await as(['reader']),
          payload: { customer_ids: [customer(1), customer(2)], countries: ['US'], sources: ['web_forms'] },
        });
        expect(res.statusCode).toBe(200);
        expect(res.json().phones.map((p: { phone_id: string }) => p.phone_id)).toEqual([ids[4]]);
      });

      it('pages with a cursor through every match exactly once', async () => {
        const headers = await as(['reader']);
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const body: Record<string, unknown> = { customer_ids: [customer(1), customer(2)], limit: 2 };
          if (cursor) body.cursor = cursor;
          const res = await sut.inject({ method: 'POST', url: '/v1/phones/search', headers, payload: body });
          expect(res.statusCode).toBe(200);
          seen.push(...res.json().phones.map((p: { phone_id: string }) => p.phone_id));
          cursor = res.json().next_cursor;
          pages++;
        } while (cursor && pages < 10);
        expect(seen).toEqual([ids[0], ids[1], ids[2], ids[4]]);
        expect(pages).toBe(2);
      });

      it('pages the whole registry by filter with limit and offset', async () => {
        const headers = await as(['reader']);
        const all = await sut.inject({
          method: 'POST',
          url: '/v1/phones/search',
          headers,
          payload: { phone_types: ['fixed'], countries: ['CO'], limit: 1000 },
        });
        const fixed = all.json().phones.map((p: { phone_id: string }) => p.phone_id);
        expect(fixed).toContain(ids[2]);
        expect(fixed).not.toContain(ids[0]);
        const second = await sut.inject({
          method: 'POST',
          url: '/v1/phones/search',
          headers,
          payload: { phone_types: ['fixed'], countries: ['CO'], limit: 1, offset: 1 },
        });
        expect(second.json().phones.map((p: { phone_id: string }) => p.phone_id)).toEqual(fixed.slice(1, 2));
      });

      it('refuses a forged cursor, offset with cursor, and an unknown filter', async () => {
        const headers = await as(['reader']);
        const forged = await sut.inject({
          method: 'POST',
          url: '/v1/phones/search',
          headers,
          payload: { cursor: 'nope' },
        });
        expect(forged.statusCode).toBe(400);
        expect(forged.json().error.details.fields).toEqual([
          { field: 'body.cursor', reason: 'invalid cursor' },
        ]);
        const both = await sut.inject({
          method: 'POST',
          url: '/v1/phones/search',
          headers,
          payload: { cursor: Buffer.from('{"after":"1"}').toString('base64url'), offset: 3 },
        });
        expect(both.statusCode).toBe(400);
        const unknown = await sut.inject({
          method: 'POST',
          url: '/v1/phones/search',
          headers,
          payload: { city: 'Cali' },
        });
        expect(unknown.json().error.details.fields).toEqual([
          { field: 'body.city', reason: 'unknown field' },
        ]);
      });
    });

    describe('PATCH /v1/phones/{phone_id}', () => {
      it('verifies a phone and makes it primary, the old primary steps down, all audited with the caller', async () => {
        const res = await sut.inject({
          method: 'PATCH',
          url: `/v1/phones/${ids[0]}`,
          headers: await as(['writer'], 'crm-sync'),
          payload: {
            is_verified: true,
            verification_method: 'sms_otp',
            is_primary: true,
            reason: 'customer confirmed',
          },
        });
        expect(res.statusCode).toBe(200);
        expect(res.json()).toMatchObject({
          phone_id: ids[0],
          is_primary: true,
          is_verified: true,
          masked: true,
        });
        const stored = await t.store.phones.listByCustomer(customer(1));
        expect(stored.filter((r) => r.is_primary).map((r) => r.phone_id)).toEqual([ids[0]]);
        expect(stored.find((r) => r.phone_id === ids[0])?.verification_method).toBe('sms_otp');
        const audit = await t.store.audit.listByCustomer(customer(1));
        expect(audit.map((a) => [a.operation, a.phone_id, a.changed_by, a.change_reason])).toEqual([
          ['UPDATE', ids[0], 'crm-sync', 'customer confirmed'],
          ['UPDATE', ids[1], 'crm-sync', 'customer confirmed'],
        ]);
        expect(audit[0]?.new_values).toMatchObject({ is_primary: true, is_verified: true });
        const events = await t.store.outbox.readAfter('0', { topic: CHANGE_TOPIC, limit: 10_000 });
        expect(events.filter((e) => e.key === customer(1)).length).toBe(2);
      });

      it('shows the change on the next read (the customer cache is invalidated)', async () => {
        const headers = await as(['reader']);
        const before = await sut.inject({ method: 'GET', url: `/v1/phones/${customer(1)}`, headers });
        expect(before.json().phones[0].phone_id).toBe(ids[1]);
        await sut.inject({
          method: 'PATCH',
          url: `/v1/phones/${ids[2]}`,
          headers: await as(['writer']),
          payload: { is_primary: true },
        });
        const after = await sut.inject({ method: 'GET', url: `/v1/phones/${customer(1)}`, headers });
        expect(after.json().phones[0].phone_id).toBe(ids[2]);
      });

      it('refuses a reader, an empty patch, and unknown or deleted phones', async () => {
        const reader = await sut.inject({
          method: 'PATCH',
          url: `/v1/phones/${ids[0]}`,
          headers: await as(['reader']),
          payload: { is_verified: true },
        });
        expect(reader.statusCode).toBe(403);
        const writer = await as(['writer']);
        const empty = await sut.inject({
          method: 'PATCH',
          url: `/v1/phones/${ids[0]}`,
          headers: writer,
          payload: {},
        });
        expect(empty.statusCode).toBe(400);
        const missing = await sut.inject({
          method: 'PATCH',
          url: '/v1/phones/999999999',
          headers: writer,
          payload: { is_verified: true },
        });
        expect(missing.statusCode).toBe(404);
        expect(missing.json().error.code).toBe('API_PHONE_NOT_FOUND');
        const deleted = await sut.inject({
          method: 'PATCH',
          url: `/v1/phones/${ids[3]}`,
          headers: writer,
          payload: { is_verified: true },
        });
        expect(deleted.statusCode).toBe(404);
        const notAnId = await sut.inject({
          method: 'PATCH',
          url: '/v1/phones/abc',
          headers: writer,
          payload: { is_verified: true },
        });
        expect(notAnId.statusCode).toBe(400);
      });
    });

    describe('DELETE /v1/phones/{phone_id}', () => {
      it('soft-deletes for an admin, audited with the caller, and the phone disappears from reads', async () => {
        const reader = await as(['reader']);
        await sut.inject({ method: 'GET', url: `/v1/phones/${customer(1)}`, headers: reader });
        const res = await sut.inject({
          method: 'DELETE',
          url: `/v1/phones/${ids[1]}?reason=wrong%20person`,
          headers: await as(['admin'], 'ops-admin'),
        });
        expect(res.statusCode).toBe(200);
        expect(res.json().phone_id).toBe(ids[1]);
        const stored = await t.store.phones.get(ids[1] as string);
        expect(stored?.deleted_at).toBeInstanceOf(Date);
        const [audit] = await t.store.audit.listByPhone(ids[1] as string);
        expect(audit).toMatchObject({
          operation: 'DELETE',
          changed_by: 'ops-admin',
          change_reason: 'wrong person',
        });
        const after = await sut.inject({ method: 'GET', url: `/v1/phones/${customer(1)}`, headers: reader });
        expect(after.json().phones.map((p: { phone_id: string }) => p.phone_id)).not.toContain(ids[1]);
        const again = await sut.inject({
          method: 'DELETE',
          url: `/v1/phones/${ids[1]}`,
          headers: await as(['admin']),
        });
        expect(again.statusCode).toBe(404);
      });

      it('refuses a writer', async () => {
        const res = await sut.inject({
          method: 'DELETE',
          url: `/v1/phones/${ids[0]}`,
          headers: await as(['writer']),
        });
        expect(res.statusCode).toBe(403);
      });
    });
  });
}
