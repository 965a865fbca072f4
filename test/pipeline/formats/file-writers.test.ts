import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRecordWriter } from '../../../src/pipeline/formats/create-record-writer.js';
import { readRecords } from '../../../src/pipeline/formats/read-records.js';
import { collectRows } from './collect-rows.js';

const RECORDS = [
  {
    customer_id: 'C1',
    phone_number: '+573001234567',
    is_primary: true,
    confidence_score: 0.97,
    sources: ['crm_salesforce', 'web_forms'],
    updated_at: new Date('2026-11-27T10:15:00Z'),
    carrier: null,
  },
  {
    customer_id: 'C2',
    phone_number: '+576017451234',
    is_primary: false,
    confidence_score: 1,
    sources: ['call_center'],
    updated_at: new Date('2026-01-02T08:00:00Z'),
    carrier: 'Claro, "Comcel"',
  },
];

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'phoneset-file-writers-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeAll(
  format: 'json' | 'xlsx' | 'parquet',
  records: Record<string, unknown>[],
  options = {},
) {
  const path = join(dir, `out.${format}`);
  const sut = createRecordWriter(format, path, options);
  for (const r of records) await sut.write(r);
  await sut.close();
  return path;
}

describe('json writer', () => {
  it('writes one array that JSON.parse and the streaming reader both read back', async () => {
    const path = await writeAll('json', RECORDS);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(JSON.parse(JSON.stringify(RECORDS)));
    const rows = await collectRows(readRecords(path, { format: 'json' }));
    expect(rows.map((r) => r.fields.phone_number)).toEqual(['+573001234567', '+576017451234']);
  });

  it('writes [] for no records', async () => {
    const path = await writeAll('json', []);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual([]);
  });
});

describe('xlsx writer', () => {
  it('writes a sheet that the xlsx reader reads back, phones as text', async () => {
    const path = await writeAll('xlsx', RECORDS, { sheetName: 'telefonos' });
    const rows = await collectRows(readRecords(path, { format: 'xlsx', sheet: 'telefonos' }));
    expect(rows.map((r) => r.fields)).toEqual([
      {
        customer_id: 'C1',
        phone_number: '+573001234567',
        is_primary: 'true',
        confidence_score: '0.97',
        sources: '["crm_salesforce","web_forms"]',
        updated_at: '2026-11-27T10:15:00.000Z',
        carrier: '',
      },
      {
        customer_id: 'C2',
        phone_number: '+576017451234',
        is_primary: 'false',
        confidence_score: '1',
        sources: '["call_center"]',
        updated_at: '2026-01-02T08:00:00.000Z',
        carrier: 'Claro, "Comcel"',
      },
    ]);
  });

  it('writes many rows in order', async () => {
    const many = Array.from({ length: 3000 }, (_, i) => ({
      customer_id: `C${i}`,
      phone_number: `+57300${i}`,
    }));
    const path = await writeAll('xlsx', many);
    const rows = await collectRows(readRecords(path, { format: 'xlsx' }));
    expect(rows).toHaveLength(3000);
    expect(rows[2999]).toEqual({ row: 3000, fields: { customer_id: 'C2999', phone_number: '+573002999' } });
  });
});

describe('parquet writer', () => {
  it('round-trips through hyparquet with inferred column types', async () => {
    const path = await writeAll('parquet', RECORDS);
    const file = await asyncBufferFromFile(path);
    const rows = await parquetReadObjects({ file });
    expect(rows).toEqual([
      {
        customer_id: 'C1',
        phone_number: '+573001234567',
        is_primary: true,
        confidence_score: 0.97,
        sources: ['crm_salesforce', 'web_forms'],
        updated_at: new Date('2026-11-27T10:15:00Z'),
        carrier: null,
      },
      {
        customer_id: 'C2',
        phone_number: '+576017451234',
        is_primary: false,
        confidence_score: 1,
        sources: ['call_center'],
        updated_at: new Date('2026-01-02T08:00:00Z'),
        carrier: 'Claro, "Comcel"',
      },
    ]);
  });

  it('writes one row group per rowGroupSize records, streaming each before buffering the next', async () => {
    const many = Array.from({ length: 25_001 }, (_, i) => ({
      customer_id: `C${i}`,
      phone_number: `+5730${String(i).padStart(8, '0')}`,
      confidence_score: i / 25_001,
    }));
    const path = await writeAll('parquet', many, { rowGroupSize: 10_000 });
    const file = await asyncBufferFromFile(path);
    const metadata = await parquetMetadataAsync(file);
    expect(metadata.row_groups.map((g) => Number(g.num_rows))).toEqual([10_000, 10_000, 5_001]);
    const rows = await parquetReadObjects({ file, rowStart: 25_000, rowEnd: 25_001 });
    expect(rows).toEqual([
      { customer_id: 'C25000', phone_number: '+573000025000', confidence_score: 25_000 / 25_001 },
    ]);
  });

  it('writes a readable empty file with the given columns', async () => {
    const path = await writeAll('parquet', [], { columns: ['customer_id', 'phone_number'] });
    const file = await asyncBufferFromFile(path);
    expect(await parquetReadObjects({ file })).toEqual([]);
    const metadata = await parquetMetadataAsync(file);
    expect(metadata.schema.map((s) => s.name)).toEqual(['root', 'customer_id', 'phone_number']);
  });
});
