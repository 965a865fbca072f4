import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_FIELDS, exportRegistry } from '../../../src/pipeline/export/export-registry.js';
import { readRecords } from '../../../src/pipeline/formats/read-records.js';
import { type InputFormat, OUTPUT_FORMATS } from '../../../src/pipeline/formats/record-format.js';
import { BACKENDS } from '../../support/services.js';
import { createImportKit, type ImportKit } from '../import/import-kit.js';

const ROWS = [
  'customer_id,phone_number,phone_type,is_verified,updated_at',
  'EX-1,3157829146,mobile,true,2025-01-01T00:00:00Z',
  'EX-1,(601) 745 1234,fixed,false,2025-01-01T00:00:00Z',
  'EX-2,+1 415 839 2741,,false,2025-06-01T00:00:00Z',
  'EX-3,3012458796,mobile,false,2025-06-01T00:00:00Z',
].join('\n');

for (const backend of BACKENDS) {
  describe(`export on ${backend}`, { timeout: 240_000 }, () => {
    let kit: ImportKit;
    beforeAll(async () => {
      kit = await createImportKit(backend);
      await kit.run(kit.file('crm.csv', ROWS));
      await kit.run(kit.file('web.csv', 'customer_id,phone_number\nEX-3,301 245 8796\n'), {
        source: 'web_forms',
      });
    });
    afterAll(() => kit.close());

    const run = async (name: string, options: Partial<Parameters<typeof exportRegistry>[0]> = {}) => {
      const output = join(kit.dir, name);
      const result = await exportRegistry(
        { filters: {}, format: 'ndjson', output, actor: 'auditor', ...options },
        kit.store,
      );
      const rows = [];
      for await (const r of readRecords(output, { format: (options.format ?? 'ndjson') as InputFormat }))
        rows.push(r.fields);
      return { result, rows, output };
    };

    it('exports one record per registry row named by the customer_phones columns', async () => {
      const { result, rows } = await run('all.ndjson');
      expect(result.count).toBe(4);
      expect(rows).toHaveLength(4);
      expect(Object.keys(rows[0] ?? {})).toEqual([...EXPORT_FIELDS]);
      expect(rows.map((r) => r.phone_number).sort()).toEqual([
        '+14158392741',
        '+573012458796',
        '+573157829146',
        '+576017451234',
      ]);
    });

    it('applies every filter', async () => {
      const numbers = async (filters: Parameters<typeof exportRegistry>[0]['filters']) =>
        (await run('f.ndjson', { filters })).rows.map((r) => r.phone_number).sort();
      expect(await numbers({ customer_id: 'EX-1' })).toEqual(['+573157829146', '+576017451234']);
      expect(await numbers({ country: 'US' })).toEqual(['+14158392741']);
      expect(await numbers({ type: 'fixed' })).toEqual(['+576017451234']);
      expect(await numbers({ source: 'web_forms' })).toEqual(['+573012458796']);
      expect(await numbers({ verified_only: true })).toEqual(['+573157829146']);
      expect(await numbers({ country: 'CO', type: 'mobile', customer_id: 'EX-3' })).toEqual([
        '+573012458796',
      ]);
      expect(await numbers({ updated_since: new Date('2025-03-01T00:00:00Z') })).toEqual([
        '+14158392741',
        '+573012458796',
      ]);
    });

    it('masks numbers as the first five digits and the last two', async () => {
      const { rows } = await run('masked.ndjson', { mask: true, filters: { customer_id: 'EX-1' } });
      expect(rows.map((r) => r.phone_number).sort()).toEqual([
        '+57300****46'.replace('300', '315'),
        '+57601****34',
      ]);
    });

    it('round-trips every format with the same records', async () => {
      const reference = (await run('ref.ndjson')).rows;
      const key = (r: Record<string, unknown>) => `${r.customer_id} ${r.phone_number}`;
      for (const format of OUTPUT_FORMATS) {
        const output = join(kit.dir, `all.${format}`);
        const result = await exportRegistry({ filters: {}, format, output, actor: 'auditor' }, kit.store);
        expect(result.count).toBe(reference.length);
        if (format === 'parquet') {
          const { parquetReadObjects } = await import('hyparquet');
          const buffer = readFileSync(output);
          const file = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);
          const rows = (await parquetReadObjects({ file })) as Record<string, unknown>[];
          expect(rows.map(key).sort()).toEqual(reference.map(key).sort());
          expect(rows.find((r) => r.customer_id === 'EX-1' && r.is_verified)?.confidence_score).toBeTypeOf(
            'number',
          );
          continue;
        }
        const rows = [];
        for await (const r of readRecords(output, { format: format as InputFormat })) rows.push(r.fields);
        expect(rows.map(key).sort(), format).toEqual(reference.map(key).sort());
        expect(Object.keys(rows[0] ?? {}), format).toEqual([...EXPORT_FIELDS]);
      }
    });

    it('writes an EXPORT audit row with who, the filters and the count', async () => {
      await run('audited.ndjson', { filters: { country: 'CO', verified_only: true }, actor: 'maria' });
      const [row] = await kit.db.query<{ changed_by: string; new_values: Record<string, unknown> }>(
        "SELECT changed_by, new_values FROM phone_audit_trail WHERE operation = 'EXPORT' ORDER BY audit_id DESC LIMIT 1",
      );
      expect(row?.changed_by).toBe('maria');
      expect(row?.new_values).toMatchObject({
        filters: { country: 'CO', verified_only: true },
        count: 1,
        masked: false,
        format: 'ndjson',
      });
    });
  });
}
