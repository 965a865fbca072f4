import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomerLoader } from '../../src/api/phones/customer-loader.js';
import type { PhoneRepository } from '../../src/store/phone.repository.js';
import { aRecord } from '../store/records.js';
import { BACKENDS } from '../support/services.js';
import { createTestStore, type TestStore } from '../support/store.js';

for (const backend of BACKENDS) {
  describe(`customer reads coalesced while the store is busy, on ${backend}`, () => {
    let t: TestStore;
    beforeAll(async () => {
      t = await createTestStore(backend);
      const ids = await t.store.phones.reserveIds(5);
      const [a1, a2, b1, c1, c2] = ids as [string, string, string, string, string];
      await t.store.applyChanges({
        inserts: [
          aRecord({ phone_id: a1, customer_id: 'LA', phone_number: '+573001110001' }),
          aRecord({ phone_id: a2, customer_id: 'LA', phone_number: '+573001110002', is_primary: true }),
          aRecord({ phone_id: b1, customer_id: 'LB', phone_number: '+573001110003' }),
          aRecord({ phone_id: c1, customer_id: 'LC', phone_number: '+573001110004' }),
          aRecord({ phone_id: c2, customer_id: 'LC', phone_number: '+573001110005', deleted_at: new Date() }),
        ],
      });
    });
    afterAll(() => t.drop());

    /** The real repository, counting the calls that reach it. */
    function counted(): { phones: Pick<PhoneRepository, 'lookupCustomers'>; calls: string[][] } {
      const calls: string[][] = [];
      return {
        calls,
        phones: {
          lookupCustomers: (ids, options) => {
            calls.push([...ids]);
            return t.store.phones.lookupCustomers(ids, options);
          },
        },
      };
    }

    it('sends the first read at once and the reads that arrive meanwhile together, each getting its own records', async () => {
      const { phones, calls } = counted();
      const sut = createCustomerLoader(phones);
      const first = sut.load('LA');
      // Separate ticks, as separate HTTP requests are: they arrive while the first read runs.
      await new Promise((resolve) => setImmediate(resolve));
      const rest = ['LB', 'LC', 'NOBODY', 'LA'].map((id) => sut.load(id));
      const [la, lb, lc, nobody, laAgain] = await Promise.all([first, ...rest]);
      expect(calls).toEqual([['LA'], ['LB', 'LC', 'NOBODY', 'LA']]);
      expect(la?.map((r) => r.phone_number)).toEqual(['+573001110002', '+573001110001']);
      expect(laAgain).toEqual(la);
      expect(lb?.map((r) => r.phone_number)).toEqual(['+573001110003']);
      expect(lc?.map((r) => r.phone_number)).toEqual(['+573001110004']); // the deleted one stays out
      expect(nobody).toEqual([]);
    });

    it('reads again after the store was idle, and sees what changed in between', async () => {
      const { phones, calls } = counted();
      const sut = createCustomerLoader(phones);
      expect(await sut.load('LB')).toHaveLength(1);
      const [id] = await t.store.phones.reserveIds(1);
      await t.store.applyChanges({
        inserts: [aRecord({ phone_id: id as string, customer_id: 'LB', phone_number: '+573001110006' })],
      });
      expect(await sut.load('LB')).toHaveLength(2);
      expect(calls).toEqual([['LB'], ['LB']]);
    });

    it('fails every read of a batch whose query fails, and serves the next batch normally', async () => {
      let fail = true;
      const sut = createCustomerLoader({
        lookupCustomers: (ids, options) =>
          fail ? Promise.reject(new Error('store down')) : t.store.phones.lookupCustomers(ids, options),
      });
      await expect(Promise.all([sut.load('LA'), sut.load('LB')])).rejects.toThrow('store down');
      fail = false;
      expect(await sut.load('LA')).toHaveLength(2);
    });
  });
}
