import type { FastifyInstance } from 'fastify';
import { parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { maskPhone } from '../../src/core/privacy/mask-phone.js';
import { BACKENDS } from '../support/services.js';
import { createTestStore, type TestStore } from '../support/store.js';
import { bearer, buildTestApp, signToken } from './api-test-kit.js';

for (const backend of BACKENDS) {
  describe(`GET /v1/export on ${backend}`, () => {
    let t: TestStore;
    let sut: FastifyInstance;
    const as = async (roles: string[], sub = `client-${roles.join('-')}`) =>
      bearer(await signToken(roles, { sub }));

    beforeAll(async () => {
      t = await createTestStore(backend);
      ({ sut } = await buildTestApp({ store: t.store, outboxPollMs: 0 }));
      const records = [
        { customer_id: 'E1', phone_number: '3157281946', source_system: 'crm_salesforce', is_verified: true },
        { customer_id: 'E1', phone_number: '3204867153', source_system: 'web_forms' },
        { customer_id: 'E2', phone_number: '2127365120', country_code: 'US', source_system: 'mobile_app' },
      ];
      const res = await sut.inject({
        method: 'POST',
        url: '/v1/phones',
        headers: await as(['writer']),
        payload: { records },
      });
      expect(res.json().counts.inserted).toBe(3);
    });
    afterAll(async () => {
      await sut?.close();
      await t?.drop();
    });

    it('streams CSV with the CLI filters, masked for a reader, and audits the export', async () => {
      const res = await sut.inject({
        method: 'GET',
        url: '/v1/export?format=csv&country=CO',
        headers: await as(['reader'], 'bi-tool'),
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      const lines = res.body.trim().split(/\r?\n/);
      expect(lines[0]?.split(',').slice(0, 3)).toEqual(['phone_id', 'customer_id', 'phone_number']);
      expect(lines).toHaveLength(3);
      expect(res.body).toContain('+57315****46');
      expect(res.body).not.toContain('+573157281946');
      // The audit row follows the last byte of the stream.
      const audits = await vi.waitFor(async () => {
        const rows = await t.db.query<{
          changed_by: string;
          new_values: { masked: boolean; count: number; format: string };
        }>(
          "SELECT changed_by, new_values FROM phone_audit_trail WHERE operation = 'EXPORT' ORDER BY audit_id DESC LIMIT 1",
        );
        if (rows.length === 0) throw new Error('no EXPORT audit row yet');
        return rows;
      });
      expect(audits[0]).toMatchObject({
        changed_by: 'bi-tool',
        new_values: { masked: true, count: 2, format: 'csv' },
      });
    });

    it('streams NDJSON unmasked to a pii_reader, filtered by verification', async () => {
      const res = await sut.inject({
        method: 'GET',
        url: '/v1/export?format=ndjson&verified_only=true',
        headers: await as(['pii_reader']),
      });
      const rows = res.body
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(rows.map((r) => r.phone_number)).toEqual(['+573157281946']);
      expect(res.headers['x-masked']).toBe('false');
    });

    it('streams Parquet that a Parquet reader opens', async () => {
      const res = await sut.inject({
        method: 'GET',
        url: '/v1/export?format=parquet&customer_id=E2',
        headers: await as(['reader']),
      });
      expect(res.statusCode).toBe(200);
      const bytes = res.rawPayload;
      const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      const rows = await parquetReadObjects({ file });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        customer_id: 'E2',
        phone_number: maskPhone('+12127365120'),
        country_code: 'US',
      });
    });

    it('refuses an unknown format, unknown filters and callers without read permission', async () => {
      expect(
        (await sut.inject({ method: 'GET', url: '/v1/export?format=xml', headers: await as(['reader']) }))
          .statusCode,
      ).toBe(400);
      expect(
        (
          await sut.inject({
            method: 'GET',
            url: '/v1/export?format=csv&limit=5',
            headers: await as(['reader']),
          })
        ).statusCode,
      ).toBe(400);
      expect(
        (await sut.inject({ method: 'GET', url: '/v1/export?format=csv', headers: await as(['auditor']) }))
          .statusCode,
      ).toBe(403);
    });
  });
}
