import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgliteDb } from '../../src/store/pglite.db.js';
import { BACKENDS } from '../support/services.js';
import { createTestStore, type TestStore } from '../support/store.js';
import { aRecord } from './records.js';

// Numbers written through every path that stores personal data.
const NUMBERS = ['+573001234567', '+12025550123', '+525512345678', '+573157654321', '+573209998877'];
const needles = NUMBERS.flatMap((n) => [n, n.slice(3)]).concat(['300 765 4321', '3209998877']);

for (const backend of BACKENDS) {
  describe(`database dump on ${backend}`, () => {
    let t: TestStore;
    beforeAll(async () => {
      t = await createTestStore(backend);
      const sut = t.store;
      const batch = await sut.batches.create({ source: 'call_center', file_name: 'calls.csv' });
      const ids = await sut.phones.reserveIds(3);
      const inserts = NUMBERS.slice(0, 3).map((n, i) =>
        aRecord({
          phone_id: ids[i] as string,
          customer_id: `CUST-${i}`,
          phone_number: n,
          country_code: ['CO', 'US', 'MX'][i] ?? null,
        }),
      );
      await sut.applyChanges({
        inserts,
        lineage: inserts.map((r, i) => ({
          phone_id: r.phone_id,
          batch_id: batch.batch_id,
          source_system: 'call_center',
          row_number: i + 1,
        })),
        audits: inserts.map((r) => ({
          phone_id: r.phone_id,
          customer_id: r.customer_id,
          operation: 'INSERT' as const,
          old_values: null,
          new_values: { ...r, note: `caller said ${r.phone_number.slice(3)}` },
          changed_by: 'import',
          batch_id: batch.batch_id,
        })),
        outbox: inserts.map((r) => ({
          topic: 'customer-phone-updates',
          key: r.customer_id,
          payload: { record: r, alt: '300 765 4321' },
        })),
        rejects: [
          {
            batch_id: batch.batch_id,
            row_number: 4,
            raw_values: { Telefono: '+573157654321 ext' },
            reasons: ['FAKE_PATTERN'],
          },
        ],
        batchUpdate: { batch_id: batch.batch_id, status: 'completed', counts: { inserted: 3 } },
      });
      await sut.blacklist.add([{ phone_number: '+573209998877', reason: 'fraud', added_by: 'ops' }]);
    });
    afterAll(() => t.drop());

    it('holds the numbers (they round-trip through the store)', async () => {
      const found = await t.store.phones.findByKeys([
        { customer_id: 'CUST-0', phone_number: '+573001234567' },
      ]);
      expect(found).toHaveLength(1);
      expect(await t.store.blacklist.has(['+573209998877'])).toEqual(new Set(['+573209998877']));
    });

    it('has no phone number in plaintext in any table', async () => {
      const tables = await t.db.query<{ name: string }>(
        "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
      );
      expect(tables.length).toBeGreaterThan(10);
      let text = '';
      for (const { name } of tables) {
        const rows = await t.db.query<{ r: string }>(`SELECT t::text AS r FROM ${name} t`);
        text += rows.map((r) => r.r).join('\n');
      }
      expect(text).toContain('CUST-0');
      for (const needle of needles) expect(text, needle).not.toContain(needle);
    });

    it('has no phone number in plaintext in the database files or dump', async () => {
      let dump: Buffer;
      if (backend === 'pglite') {
        // The whole data folder (heap, indexes, WAL) as the disk would hold it.
        dump = Buffer.from(await (t.db as PgliteDb).dumpDataDir());
      } else {
        dump = execFileSync('pg_dump', ['--no-owner', t.url as string], { maxBuffer: 256 * 1024 * 1024 });
      }
      expect(dump.includes('CUST-0')).toBe(true);
      for (const needle of needles) expect(dump.includes(needle), needle).toBe(false);
    });
  });
}
