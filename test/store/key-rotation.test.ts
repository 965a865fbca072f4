import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKeyMaterial } from '../../src/security/key-material.js';
import { KeyRing } from '../../src/security/key-ring.js';
import { keyUsage, rotateKeys } from '../../src/store/key-rotation.js';
import { createStore } from '../../src/store/store.js';
import { BACKENDS } from '../support/services.js';
import { createTestStore, type TestStore } from '../support/store.js';
import { aRecord } from './records.js';

const [k1, k2, index] = [randomBytes(32), randomBytes(32), randomBytes(32)].map((k) => k.toString('base64'));
const oldRing = new KeyRing(parseKeyMaterial(`index=${index},k1*=${k1}`, 'test'));
const newRing = new KeyRing(parseKeyMaterial(`index=${index},k1=${k1},k2*=${k2}`, 'test'));

for (const backend of BACKENDS) {
  describe(`rotateKeys on ${backend}`, () => {
    let t: TestStore;
    beforeAll(async () => {
      t = await createTestStore(backend, oldRing);
      const ids = await t.store.phones.reserveIds(45);
      const batch = await t.store.batches.create({ source: 'web_forms' });
      const inserts = ids.map((id, i) =>
        aRecord({
          phone_id: id,
          customer_id: `R${i}`,
          phone_number: `+5731200000${String(i).padStart(2, '0')}`,
        }),
      );
      await t.store.applyChanges({
        inserts,
        audits: inserts.slice(0, 10).map((r) => ({
          phone_id: r.phone_id,
          customer_id: r.customer_id,
          operation: 'INSERT' as const,
          old_values: null,
          new_values: { phone_number: r.phone_number },
          changed_by: 'test',
        })),
        outbox: inserts
          .slice(0, 5)
          .map((r) => ({ topic: 'x', key: r.customer_id, payload: { phone_number: r.phone_number } })),
        rejects: [
          { batch_id: batch.batch_id, row_number: 1, raw_values: { tel: '300 111 2233' }, reasons: ['X'] },
        ],
      });
      await t.store.blacklist.add([{ phone_number: '+573009999999', reason: 'fraud', added_by: 'test' }]);
    });
    afterAll(() => t.drop());

    it('re-encrypts in committed batches, resumes after an interruption, and leaves every value readable', async () => {
      const total = 45 + 10 + 5 + 1 + 1;
      let batches = 0;
      const crash = new Error('simulated crash');
      await expect(
        rotateKeys(t.db, newRing, {
          batchSize: 10,
          onProgress: () => {
            batches += 1;
            if (batches === 2) throw crash;
          },
        }),
      ).rejects.toBe(crash);
      const mid = await keyUsage(t.db);
      const phonesUnder = (kid: string) =>
        mid.find((u) => u.table === 'customer_phones' && u.key_id === kid)?.rows ?? 0;
      expect([phonesUnder('k2'), phonesUnder('k1')]).toEqual([20, 25]);

      // Mid-rotation, a store on the new ring reads old and new values alike.
      const reader = createStore(t.db, newRing);
      const all = [];
      for await (const r of reader.phones.iterate()) all.push(r.phone_number);
      expect(all).toHaveLength(45);

      const progress: number[] = [];
      const result = await rotateKeys(t.db, newRing, {
        batchSize: 10,
        onProgress: (done) => progress.push(done),
      });
      expect(result).toEqual({ rotated: total - 20, remaining: 0 });
      expect(progress.at(-1)).toBe(total - 20);
      expect(new Set((await keyUsage(t.db)).map((u) => u.key_id))).toEqual(new Set(['k2']));

      // The old key can now be retired: a ring holding only k2 reads everything.
      const onlyNew = createStore(t.db, new KeyRing(parseKeyMaterial(`index=${index},k2*=${k2}`, 'test')));
      expect(
        (await onlyNew.phones.findByKeys([{ customer_id: 'R7', phone_number: '+573120000007' }]))[0]
          ?.customer_id,
      ).toBe('R7');
      expect((await onlyNew.audit.listByCustomer('R3'))[0]?.new_values).toEqual({
        phone_number: '+573120000003',
      });
      expect((await onlyNew.outbox.readAfter('0')).map((e) => e.payload.phone_number)).toHaveLength(5);
      expect(await onlyNew.blacklist.has(['+573009999999'])).toEqual(new Set(['+573009999999']));
      for await (const r of onlyNew.rejects.iterateByBatch(
        (await onlyNew.batches.list())[0]?.batch_id as string,
      )) {
        expect(r.raw_values).toEqual({ tel: '300 111 2233' });
      }
      expect(await rotateKeys(t.db, newRing)).toEqual({ rotated: 0, remaining: 0 });
    });
  });
}
