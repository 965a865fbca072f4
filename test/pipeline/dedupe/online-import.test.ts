import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhoneRecord } from '../../../src/core/registry/phone-record.js';
import { createOnlineDedupe, runDedupe } from '../../../src/pipeline/dedupe/index.js';
import { BACKENDS } from '../../support/services.js';
import { createImportKit, type ImportKit } from '../import/import-kit.js';
import { seedRegistry } from './dedupe-fixture.js';

const HEADER =
  'customer_id,phone_number,phone_type,is_primary,is_verified,updated_at,source_record_id,source_system';

async function recordOf(kit: ImportKit, customer: string, e164: string): Promise<PhoneRecord> {
  const list = await kit.store.phones.listByCustomer(customer);
  const r = list.find((x) => x.phone_number === e164);
  if (!r) throw new Error(`no ${e164} for ${customer}`);
  return r;
}

for (const backend of BACKENDS) {
  describe(`online dedupe during import on ${backend}`, { timeout: 240_000 }, () => {
    let kit: ImportKit;

    beforeAll(async () => {
      kit = await createImportKit(backend);
      await seedRegistry(kit.store);
      kit.deps.online = createOnlineDedupe(kit.store, { actor: 'tester' });
    });
    afterAll(() => kit?.close());

    it('skips online matching while no model is trained, then a later import joins the cluster under its master id', async () => {
      const first = kit.file(
        'first.csv',
        `${HEADER}
K1,3157829146,mobile,true,true,2025-05-01,K1-a,crm_salesforce
K1,3157829146,mobile,true,true,2025-05-02,K1-b,call_center
K1,3157829164,mobile,false,false,2025-01-10,K1-c,manual_upload
`,
      );
      expect((await kit.run(first)).inserted).toBe(2);
      // No model yet: the typo twin waits for the batch run.
      const twin = await recordOf(kit, 'K1', '+573157829164');
      expect(twin.merged_into).toBeNull();

      const run = await runDedupe(kit.store, { actor: 'tester' });
      const master = await recordOf(kit, 'K1', '+573157829146');
      expect((await kit.store.phones.get(twin.phone_id))?.merged_into).toBe(master.phone_id);
      const group = run.duplicate_groups.find((g) => g.customer_id === 'K1');
      expect(group?.master_id).toBe(master.phone_id);
      expect(
        Object.values(group?.source_record_ids ?? {})
          .flat()
          .sort(),
      ).toEqual(['K1-a', 'K1-b', 'K1-c']);

      const second = kit.file(
        'second.csv',
        `${HEADER}
K1,3157829416,mobile,false,false,2025-06-01,K1-d,web_forms
`,
      );
      const events = await kit.count('merge_sets');
      expect((await kit.run(second)).inserted).toBe(1);
      const late = await recordOf(kit, 'K1', '+573157829416');
      expect(late.merged_into).toBe(master.phone_id);
      expect(await kit.count('merge_sets', "kind = 'online'")).toBe(1);
      expect(await kit.count('merge_sets')).toBe(events + 1);
      expect((await kit.store.phones.get(master.phone_id))?.merged_into).toBeNull();
    });

    it('plans the next chunk again after an online merge, so a sighting of the joined record keeps it joined', async () => {
      const master = await recordOf(kit, 'K1', '+573157829146');
      // One row per chunk: the second chunk is planned while the first is written, before the
      // first one's new record joins the cluster.
      const file = kit.file(
        'third.csv',
        `${HEADER}
K1,3157892146,mobile,false,false,2025-07-01,K1-e,web_forms
K1,3157892146,mobile,false,false,2025-07-02,K1-f,call_center
`,
      );
      const sut = await kit.run(file, { chunkSize: 1 });
      expect(sut).toMatchObject({ inserted: 1, duplicates: 1, rejected: 0 });
      const joined = await recordOf(kit, 'K1', '+573157892146');
      expect(joined.merged_into).toBe(master.phone_id);
      expect(joined.sources.sort()).toEqual(['call_center', 'web_forms']);
    });
  });
}
