import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/services.js';
import { createTestStore, type TestStore } from '../support/store.js';
import { aRecord } from './records.js';

for (const backend of BACKENDS) {
  describe(`store on ${backend}`, () => {
    let t: TestStore;
    let batchId: string;
    beforeAll(async () => {
      t = await createTestStore(backend);
      batchId = (
        await t.store.batches.create({ source: 'crm_salesforce', file_name: 'crm.csv', row_count: 3 })
      ).batch_id;
    });
    afterAll(() => t.drop());

    it('writes a chunk atomically and reads records back decrypted by key', async () => {
      const sut = t.store;
      const [a, b] = await sut.phones.reserveIds(2);
      const inserts = [
        aRecord({
          phone_id: a as string,
          customer_id: 'C1',
          phone_number: '+573001234567',
          sources: ['crm_salesforce'],
        }),
        aRecord({
          phone_id: b as string,
          customer_id: 'C2',
          phone_number: '+12025550123',
          country_code: 'US',
          phone_type: 'fixed_or_mobile',
          issues: ['FORMAT_CLEANED', 'NATIONAL_PREFIX_REMOVED'],
        }),
      ];
      const result = await sut.applyChanges({
        inserts,
        lineage: inserts.map((r, i) => ({
          phone_id: r.phone_id,
          batch_id: batchId,
          source_system: 'crm_salesforce',
          source_record_id: `SF-${i}`,
          row_number: i + 1,
        })),
        audits: inserts.map((r) => ({
          phone_id: r.phone_id,
          customer_id: r.customer_id,
          operation: 'INSERT' as const,
          old_values: null,
          new_values: { phone_number: r.phone_number, carrier: r.carrier },
          changed_by: 'import',
          batch_id: batchId,
        })),
        outbox: inserts.map((r) => ({
          topic: 'customer-phone-updates',
          key: r.customer_id,
          payload: { op: 'INSERT', phone_id: r.phone_id, phone_number: r.phone_number },
        })),
        rejects: [
          {
            batch_id: batchId,
            row_number: 3,
            raw_values: { Telefono: '123', Cedula: 'C3' },
            reasons: ['TOO_SHORT'],
          },
        ],
        batchUpdate: { batch_id: batchId, checkpoint_row: 3, counts: { inserted: 2, rejected: 1 } },
      });
      expect(result).toEqual({ inserted: 2, updated: 0, lineage: 2, audits: 2, outbox: 2, rejects: 1 });

      const found = await sut.phones.findByKeys([
        { customer_id: 'C2', phone_number: '+12025550123' },
        { customer_id: 'C1', phone_number: '+573001234567' },
        { customer_id: 'C1', phone_number: '+12025550123' },
      ]);
      expect(found.map((r) => [r.customer_id, r.phone_number]).sort()).toEqual([
        ['C1', '+573001234567'],
        ['C2', '+12025550123'],
      ]);
      expect(found.find((r) => r.customer_id === 'C2')).toEqual(inserts[1]);

      const batch = await sut.batches.get(batchId);
      expect(batch).toMatchObject({
        checkpoint_row: 3,
        counts: { inserted: 2, rejected: 1 },
        status: 'received',
      });
      expect((await sut.lineage.listByPhone(a as string))[0]).toMatchObject({
        source_record_id: 'SF-0',
        row_number: 1,
      });
      const audits = await sut.audit.listByCustomer('C1');
      expect(audits[0]?.new_values).toEqual({ phone_number: '+573001234567', carrier: 'Claro' });
      const events = await sut.outbox.readAfter('0');
      expect(events.map((e) => e.payload.phone_number)).toEqual(['+573001234567', '+12025550123']);
      const rejects = [];
      for await (const r of sut.rejects.iterateByBatch(batchId)) rejects.push(r);
      expect(rejects).toMatchObject([
        { row_number: 3, raw_values: { Telefono: '123', Cedula: 'C3' }, reasons: ['TOO_SHORT'] },
      ]);
    });

    it('keeps one record per (customer, number): a second insert of the same key is refused whole', async () => {
      const sut = t.store;
      const [id, other] = await sut.phones.reserveIds(2);
      const before = await sut.phones.count();
      const error = await sut
        .applyChanges({
          inserts: [
            aRecord({ phone_id: other as string, customer_id: 'C9', phone_number: '+573009999999' }),
            aRecord({ phone_id: id as string, customer_id: 'C1', phone_number: '+573001234567' }),
          ],
          batchUpdate: { batch_id: batchId, checkpoint_row: 99 },
        })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'STORE_CONFLICT' });
      expect(await sut.phones.count()).toBe(before);
      expect((await sut.batches.get(batchId))?.checkpoint_row).toBe(3);
    });

    it('allows the same number for another customer and finds both by number', async () => {
      const sut = t.store;
      const [id] = await sut.phones.reserveIds(1);
      await sut.applyChanges({
        inserts: [aRecord({ phone_id: id as string, customer_id: 'C7', phone_number: '+573001234567' })],
      });
      const shared = await sut.phones.findByNumber('+573001234567');
      expect(shared.map((r) => r.customer_id).sort()).toEqual(['C1', 'C7']);
    });

    it('updates whole records by id, moving a record whose country changes to its partition', async () => {
      const sut = t.store;
      const [current] = await sut.phones.findByKeys([{ customer_id: 'C1', phone_number: '+573001234567' }]);
      if (!current) throw new Error('missing');
      const next = {
        ...current,
        is_verified: true,
        verification_method: 'sms',
        sources: ['crm_salesforce' as const, 'call_center' as const],
        times_seen: 2,
        updated_at: new Date('2026-11-02T00:00:00Z'),
      };
      expect((await sut.applyChanges({ updates: [next] })).updated).toBe(1);
      expect(await sut.phones.get(current.phone_id)).toEqual(next);

      const moved = { ...next, country_code: 'MX' };
      await sut.applyChanges({ updates: [moved] });
      const [row] = await t.db.query<{ part: string }>(
        'SELECT tableoid::regclass::text AS part FROM customer_phones WHERE phone_id = $1::bigint',
        [current.phone_id],
      );
      expect(row?.part).toBe('customer_phones_mx');
      await sut.applyChanges({ updates: [next] });
    });

    it('refuses an update of a record that does not exist, writing nothing', async () => {
      const sut = t.store;
      const before = await sut.audit.listByCustomer('C404');
      await expect(
        sut.applyChanges({
          updates: [aRecord({ phone_id: '999999', customer_id: 'C404' })],
          audits: [
            {
              phone_id: '999999',
              customer_id: 'C404',
              operation: 'UPDATE',
              old_values: null,
              new_values: null,
              changed_by: 't',
            },
          ],
        }),
      ).rejects.toMatchObject({ code: 'STORE_CONFLICT' });
      expect(await sut.audit.listByCustomer('C404')).toEqual(before);
    });

    it('maps an unknown country to null and back', async () => {
      const sut = t.store;
      const [id] = await sut.phones.reserveIds(1);
      const r = aRecord({
        phone_id: id as string,
        customer_id: 'C8',
        phone_number: '+999123',
        country_code: null,
        is_valid: false,
      });
      await sut.applyChanges({ inserts: [r] });
      expect(await sut.phones.get(id as string)).toEqual(r);
      expect(await sut.phones.count({ country_code: null })).toBe(1);
    });

    it('iterates the whole registry page by page in id order, with filters', async () => {
      const sut = t.store;
      const ids = await sut.phones.reserveIds(25);
      await sut.applyChanges({
        inserts: ids.map((id, i) =>
          aRecord({
            phone_id: id,
            // Customer order runs against id order, so a page sorted any other way than by
            // id would hand the next page a wrong cursor.
            customer_id: `IT${String(24 - i).padStart(2, '0')}`,
            phone_number: `+5731000000${String(i).padStart(2, '0')}`,
            is_verified: i % 5 === 0,
            sources: i % 2 ? ['web_forms'] : ['call_center'],
          }),
        ),
      });
      const all = [];
      for await (const r of sut.phones.iterate({}, { pageSize: 7 })) all.push(r.phone_id);
      expect(all.length).toBe(await sut.phones.count());
      expect(all).toEqual([...all].sort((x, y) => Number(x) - Number(y)));
      expect(new Set(all).size).toBe(all.length);

      const verified = [];
      for await (const r of sut.phones.iterate(
        { verified_only: true, source: 'call_center' },
        { pageSize: 2 },
      )) {
        verified.push(r.customer_id);
      }
      // C1 was verified and seen by call_center in the update test above.
      expect(verified.sort()).toEqual(['C1', 'IT04', 'IT14', 'IT24']);
    });

    it('lists a customer primary first and hides soft-deleted records unless asked', async () => {
      const sut = t.store;
      const [p, q] = await sut.phones.reserveIds(2);
      const primary = aRecord({
        phone_id: q as string,
        customer_id: 'C5',
        phone_number: '+573005555555',
        is_primary: true,
      });
      const deleted = aRecord({
        phone_id: p as string,
        customer_id: 'C5',
        phone_number: '+573005555556',
        deleted_at: new Date(),
      });
      await sut.applyChanges({ inserts: [deleted, primary] });
      expect((await sut.phones.listByCustomer('C5')).map((r) => r.phone_id)).toEqual([q]);
      expect(
        (await sut.phones.listByCustomer('C5', { include_deleted: true })).map((r) => r.phone_id),
      ).toEqual([q, p]);
    });

    it('looks customers up by ids that hold quotes, backslashes or SQL, and finds no customer for an id with NUL', async () => {
      const sut = t.store;
      const odd = ["O'Brien", 'back\\slash', "x'); DELETE FROM customer_phones; --", 'ñandú 客户'];
      const ids = await sut.phones.reserveIds(odd.length);
      const records = odd.map((customer_id, i) =>
        aRecord({ phone_id: ids[i] as string, customer_id, phone_number: `+57301000000${i}` }),
      );
      await sut.applyChanges({ inserts: records });
      const found = await sut.phones.lookupCustomers([...odd, 'nobody']);
      expect(found.map((r) => r.customer_id).sort()).toEqual([...odd].sort());
      expect(await sut.phones.listByCustomer("O'Brien")).toEqual([records[0]]);
      expect(await sut.phones.lookupCustomers(['O\u0000Brien'])).toEqual([]);
      expect(await sut.phones.listByCustomers(['C1'])).not.toEqual([]);
    });

    it('loads several customers at once, deleted records included, and tells which records a batch has seen', async () => {
      const sut = t.store;
      const records = await sut.phones.listByCustomers(['C5', 'C1', 'nobody']);
      expect(records.map((r) => [r.customer_id, r.deleted_at === null])).toEqual([
        ['C1', true],
        ['C5', false],
        ['C5', true],
      ]);
      const c1 = records[0]?.phone_id as string;
      const inBatch = await sut.phones.listByCustomersInBatch(['C5', 'C1', 'nobody'], batchId);
      expect(inBatch.records).toEqual(records);
      expect(inBatch.seenInBatch).toEqual(new Set([c1]));
      expect((await sut.phones.listByCustomersInBatch(['C1'], 'other-batch')).seenInBatch).toEqual(new Set());
      expect(await sut.phones.listByCustomersInBatch([], batchId)).toEqual({
        records: [],
        seenInBatch: new Set(),
      });
    });

    it('finds batches by checksum and lists them newest first with status changes', async () => {
      const sut = t.store;
      const sha = 'a'.repeat(64);
      const b1 = await sut.batches.create({
        source: 'web_forms',
        sha256: sha,
        received_at: new Date('2026-11-01T00:00:00Z'),
      });
      const b2 = await sut.batches.create({
        source: 'web_forms',
        sha256: sha,
        received_at: new Date('2026-11-02T00:00:00Z'),
      });
      expect((await sut.batches.findBySha256(sha)).map((b) => b.batch_id)).toEqual([
        b2.batch_id,
        b1.batch_id,
      ]);
      const done = await sut.batches.update(b1.batch_id, { status: 'completed', counts: { inserted: 1 } });
      expect(done.completed_at).toBeInstanceOf(Date);
      expect((await sut.batches.list({ status: 'completed' })).map((b) => b.batch_id)).toEqual([b1.batch_id]);
      await expect(sut.batches.update('nope', { status: 'failed' })).rejects.toMatchObject({
        code: 'STORE_NOT_FOUND',
      });
    });

    it('reads events after an offset and remembers consumer offsets', async () => {
      const sut = t.store;
      const start = await sut.outbox.lastId();
      await sut.outbox.append([
        { topic: 't1', key: 'A', payload: { n: 1 } },
        { topic: 't2', key: 'B', payload: { n: 2 } },
      ]);
      const after = await sut.outbox.readAfter(start);
      expect(after.map((e) => e.payload.n)).toEqual([1, 2]);
      expect((await sut.outbox.readAfter(start, { topic: 't2' })).map((e) => e.key)).toEqual(['B']);
      expect(await sut.outbox.getOffset('feed')).toBe('0');
      await sut.outbox.commitOffset('feed', after[0]?.id as string);
      expect(await sut.outbox.getOffset('feed')).toBe(after[0]?.id);
    });
  });
}

for (const backend of BACKENDS) {
  describe(`store ids and statistics on ${backend}`, () => {
    let t: TestStore;
    beforeAll(async () => {
      t = await createTestStore(backend);
    });
    afterAll(() => t.drop());

    const analyzed = async (): Promise<number> => {
      const [row] = await t.db.query<{ n: number }>(
        "SELECT reltuples::int AS n FROM pg_class WHERE relname = 'customer_phones_co'",
      );
      return row?.n ?? -1;
    };

    it('refreshes the planner statistics of the registry once an import has grown it (no autovacuum on the embedded engine)', async () => {
      const ids = await t.store.phones.reserveIds(12_000);
      const records = ids.map((phone_id, i) =>
        aRecord({ phone_id, customer_id: `S${i}`, phone_number: `+57300${String(i).padStart(7, '0')}` }),
      );
      await t.store.applyChanges({ inserts: records.slice(0, 6_000) });
      expect(await analyzed()).toBeLessThanOrEqual(0);
      await t.store.applyChanges({ inserts: records.slice(6_000) });
      expect(await analyzed()).toBe(12_000);
    });

    it('reserves as many distinct, increasing ids as asked, never the same twice', async () => {
      const first = await t.store.phones.reserveIds(5_000);
      const second = await t.store.phones.reserveIds(3);
      expect(first).toHaveLength(5_000);
      expect(second).toHaveLength(3);
      const all = [...first, ...second].map(BigInt);
      for (let i = 1; i < all.length; i++) expect(all[i] as bigint).toBeGreaterThan(all[i - 1] as bigint);
      expect(await t.store.phones.reserveIds(0)).toEqual([]);
    });
  });
}
