import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANGE_TOPIC } from '../../src/core/registry/change-topic.js';
import { BACKENDS } from '../support/services.js';
import { createTestStore, type TestStore } from '../support/store.js';
import { bearer, buildTestApp, signToken } from './api-test-kit.js';

for (const backend of BACKENDS) {
  describe(`POST /v1/phones on ${backend}`, () => {
    let t: TestStore;
    let sut: FastifyInstance;
    let n = 0;
    const customer = () => `ING-${backend}-${++n}`;
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

    it('ingests one record through the pipeline, audited with the caller and the request, with an event', async () => {
      const id = customer();
      const res = await sut.inject({
        method: 'POST',
        url: '/v1/phones',
        headers: await as(['writer'], 'crm-sync'),
        payload: { customer_id: id, phone_number: '(315) 728-1946', source_system: 'web_forms' },
      });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.counts).toMatchObject({ received: 1, inserted: 1, rejected: 0 });
      expect(body.results).toHaveLength(1);
      const [row] = body.results;
      expect(row).toMatchObject({ index: 0, status: 'inserted', customer_id: id });
      // A writer is not a pii_reader: the number comes back masked, normalized by the engine.
      expect(row.phone).toMatchObject({
        phone_number: '+57315****46',
        masked: true,
        phone_type: 'mobile',
        is_primary: true,
      });

      const [stored] = await t.store.phones.listByCustomer(id);
      expect(stored?.phone_number).toBe('+573157281946');
      const audits = await t.store.audit.listByPhone(row.phone_id);
      expect(audits).toHaveLength(1);
      expect(audits[0]).toMatchObject({
        operation: 'INSERT',
        changed_by: 'crm-sync',
        change_reason: 'api',
        batch_id: body.batch_id,
        request_id: body.request_id,
      });
      const events = await t.store.outbox.readAfter('0', { topic: CHANGE_TOPIC, limit: 10_000 });
      const mine = events.filter((e) => e.key === id);
      expect(mine).toHaveLength(1);
      expect(mine[0]?.payload).toMatchObject({
        operation: 'INSERT',
        request_id: body.request_id,
        changed_by: 'crm-sync',
      });
      const batch = await t.store.batches.get(body.batch_id);
      expect(batch).toMatchObject({ status: 'completed', source: 'web_forms', created_by: 'crm-sync' });
      // The next read sees it.
      const read = await sut.inject({
        method: 'GET',
        url: `/v1/phones/${id}`,
        headers: await as(['reader']),
      });
      expect(read.json().phones.map((p: { phone_id: string }) => p.phone_id)).toEqual([row.phone_id]);
    });

    it('reports each record of a batch with reasons for rejects, and counts that add up', async () => {
      const id = customer();
      const other = customer();
      const records = [
        { customer_id: id, phone_number: '3157281946', source_system: 'crm_salesforce' },
        { customer_id: id, phone_number: '+57 315 728 1946', source_system: 'call_center' },
        { customer_id: id, phone_number: '12', source_system: 'crm_salesforce' },
        {
          customer_id: other,
          phone_number: '2127365120',
          country_code: 'US',
          source_system: 'mobile_app',
          is_verified: true,
        },
        { customer_id: 'x'.repeat(101), phone_number: '3009876543', source_system: 'web_forms' },
      ];
      const res = await sut.inject({
        method: 'POST',
        url: '/v1/phones',
        headers: await as(['writer', 'pii_reader']),
        payload: { records },
      });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.results.map((r: { status: string }) => r.status)).toEqual([
        'inserted',
        'duplicate',
        'rejected',
        'inserted',
        'rejected',
      ]);
      expect(body.results[1].phone_id).toBe(body.results[0].phone_id);
      expect(body.results[2].reasons.length).toBeGreaterThan(0);
      expect(body.results[2].reasons[0]).toEqual({
        code: expect.stringMatching(/^[A-Z_]+$/),
        field: expect.any(String),
        message: expect.any(String),
      });
      expect(body.results[4].reasons.map((r: { code: string }) => r.code)).toContain('CUSTOMER_ID_TOO_LONG');
      expect(body.results[3].phone).toMatchObject({
        phone_number: '+12127365120',
        masked: false,
        country_code: 'US',
        is_verified: true,
      });
      const c = body.counts;
      expect(c.received).toBe(5);
      expect(c.inserted + c.updated + c.unchanged + c.rejected + c.duplicates).toBe(5);
      // Both sources are kept on the one record (survivorship), and the rejects are stored with the batch.
      const [rec] = await t.store.phones.listByCustomer(id);
      expect(rec?.sources.sort()).toEqual(['call_center', 'crm_salesforce']);
      const rejects = [];
      for await (const r of t.store.rejects.iterateByBatch(body.batch_id)) rejects.push(r);
      expect(rejects.map((r) => r.row_number)).toEqual([3, 5]);
      // Revealed numbers are audited reads.
      const reads = (await t.store.audit.listByPhone(body.results[3].phone_id)).filter(
        (a) => a.operation === 'READ',
      );
      expect(reads).toHaveLength(1);
    });

    it('answers a repeat with the same Idempotency-Key and body from memory, and refuses another body', async () => {
      const id = customer();
      const headers = { ...(await as(['writer'], 'retrying-client')), 'idempotency-key': `k-${id}` };
      const payload = { customer_id: id, phone_number: '3204867153', source_system: 'mobile_app' };
      const first = await sut.inject({ method: 'POST', url: '/v1/phones', headers, payload });
      // Same body, keys in another order.
      const again = await sut.inject({
        method: 'POST',
        url: '/v1/phones',
        headers,
        payload: { source_system: 'mobile_app', phone_number: '3204867153', customer_id: id },
      });
      expect(again.statusCode).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json()).toEqual(first.json());
      const [rec] = await t.store.phones.listByCustomer(id);
      expect(rec?.times_seen).toBe(1);

      const different = await sut.inject({
        method: 'POST',
        url: '/v1/phones',
        headers,
        payload: { ...payload, phone_number: '3204867154' },
      });
      expect(different.statusCode).toBe(422);
      expect(different.json().error.code).toBe('API_IDEMPOTENCY_MISMATCH');
      expect(await t.store.phones.listByCustomer(id)).toHaveLength(1);

      // Keys belong to a client: another client's same key is a new request.
      const otherClient = await sut.inject({
        method: 'POST',
        url: '/v1/phones',
        headers: { ...(await as(['writer'], 'someone-else')), 'idempotency-key': `k-${id}` },
        payload,
      });
      expect(otherClient.headers['idempotent-replayed']).toBeUndefined();
      expect(otherClient.json().results[0].status).toBe('unchanged');
    });

    it('refuses bad bodies, too many records and callers without write permission', async () => {
      const writer = await as(['writer']);
      const unknown = await sut.inject({
        method: 'POST',
        url: '/v1/phones',
        headers: writer,
        payload: { customer_id: 'a', phone_number: '1', source_system: 'web_forms', extra: 1 },
      });
      expect(unknown.statusCode).toBe(400);
      const noSource = await sut.inject({
        method: 'POST',
        url: '/v1/phones',
        headers: writer,
        payload: { customer_id: 'a', phone_number: '1' },
      });
      expect(noSource.statusCode).toBe(400);
      const many = Array.from({ length: 1001 }, (_, i) => ({
        customer_id: `c${i}`,
        phone_number: '3001234567',
        source_system: 'web_forms',
      }));
      const tooMany = await sut.inject({
        method: 'POST',
        url: '/v1/phones',
        headers: writer,
        payload: { records: many },
      });
      expect(tooMany.statusCode).toBe(400);
      const reader = await sut.inject({
        method: 'POST',
        url: '/v1/phones',
        headers: await as(['reader']),
        payload: { customer_id: 'a', phone_number: '3001234567', source_system: 'web_forms' },
      });
      expect(reader.statusCode).toBe(403);
    });
  });
}
