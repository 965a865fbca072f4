import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhoneRecord } from '../../src/core/registry/phone-record.js';
import { BACKENDS } from '../support/services.js';
import { createTestStore, type TestStore } from '../support/store.js';
import { aRecord } from './records.js';

const byId = (a: PhoneRecord, b: PhoneRecord): number => Number(a.phone_id) - Number(b.phone_id);

for (const backend of BACKENDS) {
  describe(`phones.scan on ${backend}`, () => {
    let t: TestStore;
    let records: PhoneRecord[];
    beforeAll(async () => {
      t = await createTestStore(backend);
      const ids = await t.store.phones.reserveIds(7);
      const id = (i: number): string => ids[i] as string;
      records = [
        aRecord({
          phone_id: id(0),
          customer_id: 'tab\tand\\slash',
          sources: ['crm_salesforce', 'call_center'],
        }),
        aRecord({
          phone_id: id(1),
          customer_id: 'C2',
          phone_number: '+12015550123',
          country_code: 'US',
          region: 'New Jersey',
          issues: ['LABEL_REMOVED', 'EXTENSION_REMOVED'],
          is_verified: true,
          verification_method: 'sms',
          confidence_score: 0.123456789,
        }),
        aRecord({
          phone_id: id(2),
          customer_id: 'C3',
          phone_number: '+525512345678',
          country_code: 'MX',
          region: 'Ciudad de México',
        }),
        aRecord({
          phone_id: id(3),
          customer_id: 'C3',
          phone_number: '+8613800138000',
          country_code: 'CN',
          carrier: null,
          timezone: null,
        }),
        aRecord({ phone_id: id(4), customer_id: 'C4', phone_number: '+573001112233', merged_into: id(0) }),
        aRecord({
          phone_id: id(5),
          customer_id: 'C5',
          phone_number: '+573009998877',
          deleted_at: new Date('2026-11-02T00:00:00Z'),
        }),
        aRecord({
          phone_id: id(6),
          customer_id: 'C6',
          phone_number: '+999123',
          country_code: null,
          is_valid: false,
        }),
      ];
      await t.store.applyChanges({ inserts: records });
    });
    afterAll(() => t.drop());

    it('reads every record exactly as iterate does, across all partitions and small id ranges', async () => {
      const expected: PhoneRecord[] = [];
      for await (const r of t.store.phones.iterate({ include_deleted: true })) expected.push(r);
      const scanned: PhoneRecord[] = [];
      for await (const r of t.store.phones.scan({ include_deleted: true }, { rangeSize: 2 })) scanned.push(r);
      expect(scanned.sort(byId)).toEqual(expected.sort(byId));
      expect(scanned).toHaveLength(records.length);
      expect(scanned.find((r) => r.phone_id === records[0]?.phone_id)?.customer_id).toBe('tab\tand\\slash');
    });

    it('leaves out deleted records by default, and merged ones with masters_only', async () => {
      const live: string[] = [];
      for await (const r of t.store.phones.scan()) live.push(r.phone_id);
      expect(live).toHaveLength(records.length - 1);
      const masters: string[] = [];
      for await (const r of t.store.phones.scan({ masters_only: true })) masters.push(r.phone_id);
      expect(masters.sort()).toEqual(
        records
          .filter((r) => !r.deleted_at && !r.merged_into)
          .map((r) => r.phone_id)
          .sort(),
      );
    });
  });
}
