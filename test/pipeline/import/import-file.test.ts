import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../../src/core/rules/index.js';
import { createRecordWriter } from '../../../src/pipeline/formats/create-record-writer.js';
import { importFile } from '../../../src/pipeline/import/index.js';
import { writeCustomerExport } from '../../../src/pipeline/normalize/write-customer-export.js';
import { BACKENDS } from '../../support/services.js';
import { addsUp, createImportKit, type ImportKit } from './import-kit.js';

const HEADER = 'customer_id,phone_number,phone_type,is_primary,is_verified,updated_at,source_record_id';

/** Valid Colombian mobiles that no fake-pattern rule matches. */
const MOBILES = [
  '3157829146',
  '3012458796',
  '3209871345',
  '3186452019',
  '3114789320',
  '3005913468',
  '3137264950',
  '3164093857',
];

function csv(rows: string[]): string {
  return `${HEADER}\n${rows.join('\n')}\n`;
}

for (const backend of BACKENDS) {
  describe(`import on ${backend}`, { timeout: 240_000 }, () => {
    let kit: ImportKit;
    let generated: string;
    beforeAll(async () => {
      kit = await createImportKit(backend);
      generated = join(kit.dir, 'generated.csv');
      await writeCustomerExport({ rows: 3000, seed: 11, output: generated, format: 'csv' });
    }, 240_000);
    afterAll(() => kit.close());

    it('imports a generated file with counts that add up, and one audit row and event per change', async () => {
      const sut = await kit.run(generated, { chunkSize: 700 });

      expect(sut.status).toBe('completed');
      expect(sut.received).toBe(3000);
      expect(addsUp(sut)).toBe(true);
      expect(sut.inserted).toBeGreaterThan(1000);
      expect(sut.duplicates).toBeGreaterThan(0);
      expect(sut.rejected).toBeGreaterThan(0);
      const reasons = Object.values(sut.by_reason).reduce((a, b) => a + b, 0);
      expect(reasons).toBeGreaterThanOrEqual(sut.rejected);

      const batch = sut.batch_id as string;
      expect(await kit.count('customer_phones')).toBe(sut.inserted);
      expect(await kit.count('phone_lineage', 'batch_id = $1', [batch])).toBe(sut.received - sut.rejected);
      expect(await kit.count('rejected_records', 'batch_id = $1', [batch])).toBe(sut.rejected);
      const inserts = await kit.count('phone_audit_trail', "batch_id = $1 AND operation = 'INSERT'", [batch]);
      const updates = await kit.count('phone_audit_trail', "batch_id = $1 AND operation = 'UPDATE'", [batch]);
      expect(inserts).toBe(sut.inserted);
      expect(await kit.count('outbox_events')).toBe(inserts + updates);
      expect(
        await kit.count(
          '(SELECT customer_id, phone_hash FROM customer_phones GROUP BY 1, 2 HAVING count(*) > 1) d',
        ),
      ).toBe(0);

      const manifest = await kit.store.batches.get(batch);
      expect(manifest).toMatchObject({ status: 'completed', row_count: 3000, checkpoint_row: 3000 });
      expect(manifest?.counts).toMatchObject({ inserted: sut.inserted, rejected: sut.rejected });
      expect(manifest?.lake_path).toMatch(/^crm_salesforce\/.*\.gz\.enc$/);
    });

    it('skips the same bytes the second time, and imports them again with force as unchanged rows', async () => {
      const first = (
        await kit.store.batches.findBySha256(
          (
            await kit.store.batches.list({ limit: 1 })
          )[0]?.sha256 as string,
        )
      )[0];
      const records = await kit.count('customer_phones');
      const audits = await kit.count('phone_audit_trail');

      const skipped = await kit.run(generated);
      expect(skipped.status).toBe('skipped');
      expect(skipped.batch_id).toBe(first?.batch_id);
      expect(await kit.count('phone_audit_trail')).toBe(audits);

      const forced = await kit.run(generated, { force: true });
      expect(forced.status).toBe('completed');
      expect(forced.batch_id).not.toBe(first?.batch_id);
      expect(forced.inserted).toBe(0);
      expect(forced.updated).toBe(0);
      expect(forced.unchanged).toBe(records);
      expect(addsUp(forced)).toBe(true);
      expect(await kit.count('customer_phones')).toBe(records);
      expect(await kit.count('phone_audit_trail')).toBe(audits);
    });

    it('merges a second source into the same record by survivorship, keeping both sources and lineage', async () => {
      const crm = kit.file(
        'merge-crm.csv',
        csv([`M-1,${MOBILES[0]},mobile,true,false,2025-01-01T00:00:00Z,SF-1`]),
      );
      const web = kit.file(
        'merge-web.csv',
        csv([`M-1,+57 ${MOBILES[0]},mobile,false,true,2025-06-01T00:00:00Z,WEB-9`]),
      );
      expect(await kit.run(crm)).toMatchObject({ inserted: 1 });
      const second = await kit.run(web, { source: 'web_forms' });
      expect(second).toMatchObject({ received: 1, updated: 1, inserted: 0 });

      const [sut] = await kit.store.phones.listByCustomer('M-1');
      expect(sut).toMatchObject({
        phone_number: `+57${MOBILES[0]}`,
        is_verified: true,
        is_primary: true,
        sources: ['crm_salesforce', 'web_forms'],
        source_system: 'web_forms',
      });
      const lineage = await kit.store.lineage.listByPhone(sut?.phone_id as string);
      expect(lineage.map((l) => [l.source_system, l.source_record_id, l.row_number])).toEqual([
        ['crm_salesforce', 'SF-1', 1],
        ['web_forms', 'WEB-9', 1],
      ]);
      const audit = await kit.store.audit.listByPhone(sut?.phone_id as string);
      expect(audit.map((a) => a.operation)).toEqual(['INSERT', 'UPDATE']);
      expect(audit[1]).toMatchObject({
        changed_by: 'tester',
        change_reason: 'import',
        batch_id: second.batch_id,
        old_values: { is_verified: false },
        new_values: { is_verified: true },
      });
    });

    it('rejects bad rows with their row, raw values and reasons, and writes them to a CSV', async () => {
      const file = kit.file(
        'rejects.csv',
        csv([
          `,${MOBILES[1]},mobile,false,false,,R-1`,
          'RJ-1,N/A,mobile,false,false,,R-2',
          'RJ-1,3000000000,mobile,false,false,,R-3',
          `RJ-1,${MOBILES[1]},fixed,false,false,,R-4`,
          'RJ-1,"300 12",mobile,false,false,,R-5,extra',
        ]),
      );
      const rejectsFile = join(kit.dir, 'rejects-out.csv');
      const sut = await kit.run(file, { rejectsFile });

      expect(sut).toMatchObject({ received: 5, inserted: 1, rejected: 4 });
      expect(sut.by_reason).toMatchObject({ MISSING_CUSTOMER_ID: 1, NO_NUMBER: 1, FAKE_NUMBER: 1 });
      expect(sut.flagged).toMatchObject({ TYPE_MISMATCH: 1 });
      const stored = [];
      for await (const r of kit.store.rejects.iterateByBatch(sut.batch_id as string)) stored.push(r);
      expect(stored.map((r) => r.row_number)).toEqual([1, 2, 3, 5]);
      expect(stored[0]?.raw_values).toMatchObject({ customer_id: '', phone_number: MOBILES[1] });
      expect(stored[0]?.reasons[0]).toMatch(/^MISSING_CUSTOMER_ID \(customer_id\): /);
      expect(stored[3]?.reasons[0]).toMatch(/^INPUT_BAD_ROW/);

      const text = readFileSync(rejectsFile, 'utf8');
      const lines = text.trim().split('\n');
      expect(lines[0]).toBe(`row,reasons,details,${HEADER},extra_fields`);
      expect(lines).toHaveLength(5);
      expect(lines[1]).toMatch(/^1,MISSING_CUSTOMER_ID,/);
      expect(lines[3]).toContain('FAKE_NUMBER');
      expect(lines[3]).toContain('3000000000');
    });

    it('writes nothing on a dry run, and predicts exactly what the real import then does', async () => {
      const fresh = await createImportKit(backend);
      try {
        const file = join(fresh.dir, 'dry.csv');
        await writeCustomerExport({ rows: 1500, seed: 5, output: file, format: 'csv' });
        const rejectsFile = join(fresh.dir, 'dry-rejects.csv');
        const dry = await fresh.run(file, { dryRun: true, chunkSize: 400, rejectsFile });
        expect(dry.status).toBe('dry_run');
        expect(dry.batch_id).toBeNull();
        for (const table of ['customer_phones', 'phone_lineage', 'phone_audit_trail', 'outbox_events']) {
          expect(await fresh.count(table)).toBe(0);
        }
        expect(await fresh.count('source_batches')).toBe(0);
        expect(await fresh.count('rejected_records')).toBe(0);
        expect(readFileSync(rejectsFile, 'utf8').trim().split('\n')).toHaveLength(dry.rejected + 1);

        const real = await fresh.run(file, { chunkSize: 400 });
        const pick = ({
          received,
          inserted,
          updated,
          unchanged,
          rejected,
          duplicates,
          by_reason,
        }: typeof real) => ({
          received,
          inserted,
          updated,
          unchanged,
          rejected,
          duplicates,
          by_reason,
        });
        expect(pick(dry)).toEqual(pick(real));
      } finally {
        await fresh.close();
      }
    });

    it('reads a semicolon CSV in Windows-1252 with Spanish headers', async () => {
      const text = `Cédula;Nombre;Teléfono;Tipo\nPEÑA-7;Ángela Nuñez;${MOBILES[2]};Móvil\nPEÑA-8;José;(601) 745 1234;fijo\n`;
      const file = kit.file('latin.csv', iconv.encode(text, 'windows-1252'));
      const sut = await kit.run(file, { source: 'call_center' });
      expect(sut).toMatchObject({ received: 2, inserted: 2, rejected: 0 });
      const [mobile] = await kit.store.phones.listByCustomer('PEÑA-7');
      expect(mobile).toMatchObject({ phone_number: `+57${MOBILES[2]}`, phone_type: 'mobile' });
      const [fixed] = await kit.store.phones.listByCustomer('PEÑA-8');
      expect(fixed).toMatchObject({ phone_number: '+576017451234', phone_type: 'fixed' });
    });

    it('imports an XLSX sheet', async () => {
      const file = join(kit.dir, 'clientes.xlsx');
      const writer = createRecordWriter('xlsx', file);
      await writer.write({ Cliente: 'XL-1', Celular: MOBILES[3] });
      await writer.write({ Cliente: 'XL-2', Celular: `+57 ${MOBILES[4]}` });
      await writer.close();
      const sut = await kit.run(file, { source: 'manual_upload' });
      expect(sut).toMatchObject({ format: 'xlsx', received: 2, inserted: 2 });
      expect((await kit.store.phones.listByCustomer('XL-2'))[0]?.phone_number).toBe(`+57${MOBILES[4]}`);
    });

    it('uses --map for headers it does not recognise, and says which columns exist when it cannot find the phone', async () => {
      const file = kit.file('mapped.csv', `Doc,Numero Movil\nMAP-1,${MOBILES[5]}\n`);
      await expect(kit.run(file)).rejects.toThrow(
        /No phone column found in mapped.csv; columns are: "Doc", "Numero Movil"/,
      );
      const sut = await kit.run(file, { map: { customer_id: 'Doc', phone_number: 'Numero Movil' } });
      expect(sut).toMatchObject({ received: 1, inserted: 1, resumed_after_row: 0 });
      expect(await kit.store.phones.listByCustomer('MAP-1')).toHaveLength(1);
    });

    it('keeps one primary per customer: the newest claim wins, an older one does not', async () => {
      const file = kit.file(
        'primary.csv',
        csv([
          `PR-1,${MOBILES[0]},mobile,false,false,2025-01-01T00:00:00Z,P1`,
          `PR-1,${MOBILES[1]},mobile,true,false,2025-02-01T00:00:00Z,P2`,
          `PR-1,${MOBILES[2]},mobile,true,false,2025-03-01T00:00:00Z,P3`,
        ]),
      );
      await kit.run(file, { chunkSize: 2 });
      const primaries = async () =>
        (await kit.store.phones.listByCustomer('PR-1'))
          .filter((r) => r.is_primary)
          .map((r) => r.phone_number);
      expect(await primaries()).toEqual([`+57${MOBILES[2]}`]);

      const older = kit.file(
        'primary-old.csv',
        csv([`PR-1,${MOBILES[0]},mobile,true,false,2024-01-01T00:00:00Z,P4`]),
      );
      await kit.run(older);
      expect(await primaries()).toEqual([`+57${MOBILES[2]}`]);
      const newer = kit.file(
        'primary-new.csv',
        csv([`PR-1,${MOBILES[0]},mobile,true,false,2026-01-01T00:00:00Z,P5`]),
      );
      await kit.run(newer);
      expect(await primaries()).toEqual([`+57${MOBILES[0]}`]);
    });

    it('holds a customer to 5 phones, counting what the registry already has', async () => {
      const file = kit.file(
        'limit.csv',
        csv(MOBILES.slice(0, 7).map((m, i) => `LIM-1,${m},mobile,false,false,,L${i}`)),
      );
      const sut = await kit.run(file, { chunkSize: 3 });
      expect(sut).toMatchObject({ received: 7, inserted: 5, rejected: 2, by_reason: { TOO_MANY_PHONES: 2 } });
      const again = kit.file('limit-2.csv', csv([`LIM-1,${MOBILES[7]},mobile,false,false,,L9`]));
      expect(await kit.run(again)).toMatchObject({ inserted: 0, rejected: 1 });
      expect(await kit.store.phones.count({ customer_id: 'LIM-1' })).toBe(
        DEFAULT_RULES.max_phones_per_customer,
      );
    });

    it('counts a customer and number seen again in the same file as a duplicate, across chunks', async () => {
      const m = MOBILES[3] as string;
      const file = kit.file(
        'dups.csv',
        csv([
          `DUP-1,${MOBILES[3]},mobile,false,false,,D1`,
          `DUP-2,${MOBILES[3]},mobile,false,false,,D2`,
          `DUP-1,+57 ${m.slice(0, 3)} ${m.slice(3)},mobile,false,true,,D3`,
          `DUP-1,57${MOBILES[3]},mobile,false,false,,D4`,
        ]),
      );
      const sut = await kit.run(file, { chunkSize: 2 });
      expect(sut).toMatchObject({ received: 4, inserted: 2, duplicates: 2, updated: 0 });
      const [record] = await kit.store.phones.listByCustomer('DUP-1');
      expect(record?.is_verified).toBe(true);
      expect(record?.times_seen).toBe(3);
      expect(await kit.store.lineage.listByPhone(record?.phone_id as string)).toHaveLength(3);
    });

    it('resumes an interrupted import after its last committed chunk, with no duplicate and no lost row', async () => {
      const fresh = await createImportKit(backend);
      const clean = await createImportKit(backend);
      try {
        const file = join(fresh.dir, 'resume.csv');
        await writeCustomerExport({ rows: 2000, seed: 23, output: file, format: 'csv' });
        let chunks = 0;
        const store = fresh.deps.store;
        const failing = {
          ...fresh.deps,
          store: {
            phones: store.phones,
            batches: store.batches,
            rejects: store.rejects,
            blacklist: store.blacklist,
            prepareChanges: store.prepareChanges,
            applyChanges: async (changes: Parameters<typeof store.applyChanges>[0]) => {
              if (++chunks === 3) throw new Error('connection lost');
              return store.applyChanges(changes);
            },
          },
        };
        await expect(
          importFile({ file, source: 'crm_salesforce', actor: 'tester', chunkSize: 500 }, failing),
        ).rejects.toThrow('connection lost');
        const [failed] = await fresh.store.batches.list();
        expect(failed).toMatchObject({ status: 'failed', checkpoint_row: 1000 });

        const sut = await fresh.run(file, { chunkSize: 500 });
        expect(sut).toMatchObject({ batch_id: failed?.batch_id, resumed_after_row: 1000, received: 2000 });
        expect(addsUp(sut)).toBe(true);
        const reference = await clean.run(copy(file, clean), { chunkSize: 500 });
        const { batch_id: _a, seconds: _b, sha256: _c, file: _d, resumed_after_row: _e, ...counts } = sut;
        const {
          batch_id: _f,
          seconds: _g,
          sha256: _h,
          file: _i,
          resumed_after_row: _j,
          ...expected
        } = reference;
        expect(counts).toEqual(expected);
        expect(await fresh.count('customer_phones')).toBe(await clean.count('customer_phones'));
        expect(await fresh.count('phone_lineage')).toBe(sut.received - sut.rejected);
        expect(await fresh.count('rejected_records')).toBe(sut.rejected);
      } finally {
        await fresh.close();
        await clean.close();
      }
    });
  });
}

function copy(file: string, kit: ImportKit): string {
  return kit.file('resume.csv', readFileSync(file));
}
