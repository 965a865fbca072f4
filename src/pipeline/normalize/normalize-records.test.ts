import { describe, expect, it } from 'vitest';
import { PhonesetError } from '../../core/errors.js';
import { generateCustomerExport } from '../../core/generate/index.js';
import type { SourceRow } from '../formats/record-format.js';
import { normalizeBatch } from './normalize-batch.js';
import { NormalizePool } from './normalize-pool.js';
import { type NormalizedRow, normalizeRecords, RESULT_FIELDS } from './normalize-records.js';

async function* exportRows(rows: number, seed: number): AsyncGenerator<SourceRow> {
  let row = 0;
  for (const { record } of generateCustomerExport({ rows, seed })) {
    yield { row: ++row, fields: { ...record } };
  }
}

async function collect(rows: AsyncIterable<NormalizedRow>): Promise<NormalizedRow[]> {
  const out: NormalizedRow[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

describe('normalizeRecords', () => {
  it('gives one output row per input row, in order, with the input fields then the result fields', async () => {
    const sut = await collect(
      normalizeRecords(exportRows(5000, 11), { columns: ['phone_number'], defaultCountry: 'CO', workers: 0 }),
    );
    const input = [...generateCustomerExport({ rows: 5000, seed: 11 })];
    expect(sut.map((r) => r.record.source_record_id)).toEqual(input.map((r) => r.record.source_record_id));
    const first = sut[0]?.record ?? {};
    expect(Object.keys(first)).toEqual([...Object.keys(input[0]?.record ?? {}), ...RESULT_FIELDS]);
    for (const [i, out] of sut.entries()) {
      expect(out.record.original).toBe(input[i]?.record.phone_number);
    }
  });

  it('gives the same results on worker threads as in-process, in the same order', async () => {
    const options = { columns: ['phone_number'], defaultCountry: 'CO', batchSize: 700 };
    const inProcess = await collect(normalizeRecords(exportRows(12_000, 3), { ...options, workers: 0 }));
    const pooled = await collect(
      normalizeRecords(exportRows(12_000, 3), { ...options, workers: 2, workerThreshold: 0 }),
    );
    expect(pooled).toHaveLength(12_000);
    expect(pooled).toEqual(inProcess);
  });

  it('pulls input only as fast as output is taken (bounded lookahead, so memory stays flat)', async () => {
    let pulled = 0;
    async function* endless(): AsyncGenerator<SourceRow> {
      for (let row = 1; ; row++) {
        pulled++;
        yield { row, fields: { phone: `300${String(row % 10_000_000).padStart(7, '0')}` } };
      }
    }
    for (const workers of [0, 2]) {
      pulled = 0;
      const batchSize = 500;
      const sut = normalizeRecords(endless(), {
        columns: ['phone'],
        defaultCountry: 'CO',
        batchSize,
        workers,
        workerThreshold: 0,
      });
      let taken = 0;
      for await (const _ of sut) {
        if (++taken === 20_000) break;
      }
      // At most the batches in flight (3 per worker, or 1 in-process) plus the one being filled.
      const inFlight = workers === 0 ? 1 : workers * 3;
      expect(pulled - taken).toBeLessThanOrEqual((inFlight + 1) * batchSize);
    }
  });

  it('uses a row’s own country field as its default country', async () => {
    async function* rows(): AsyncGenerator<SourceRow> {
      yield { row: 1, fields: { phone: '55 1234 5678', country: 'MX', id: 'a' } };
      yield { row: 2, fields: { phone: '3001234567', id: 'b' } };
    }
    const sut = await collect(
      normalizeRecords(rows(), { columns: ['phone'], defaultCountry: 'CO', workers: 0 }),
    );
    expect(sut.map((r) => [r.record.id, r.record.normalized, r.record.country_code])).toEqual([
      ['a', '+525512345678', 'MX'],
      ['b', '+573001234567', 'CO'],
    ]);
  });

  it('keeps unreadable rows in place with their error, without normalizing them', async () => {
    async function* rows(): AsyncGenerator<SourceRow> {
      yield { row: 1, fields: { phone: '3001234567' } };
      yield {
        row: 2,
        fields: {},
        error: { code: 'INPUT_BAD_ROW', message: 'Row 2 of x.ndjson is malformed: not JSON' },
      };
      yield { row: 3, fields: { phone: '3101234567' } };
    }
    const sut = await collect(
      normalizeRecords(rows(), { columns: ['phone'], defaultCountry: 'CO', workers: 0 }),
    );
    expect(sut.map((r) => r.row)).toEqual([1, 2, 3]);
    expect(sut[1]?.result).toBeNull();
    expect(sut[1]?.record.row_error).toContain('Row 2 of x.ndjson');
    expect(sut[2]?.record.normalized).toBe('+573101234567');
  });

  it('refuses an input without the phone column, naming the columns it has', async () => {
    async function* rows(): AsyncGenerator<SourceRow> {
      yield { row: 1, fields: { telefono: '3001234567', nombre: 'Ana' } };
    }
    const sut = collect(
      normalizeRecords(rows(), {
        columns: ['phone'],
        defaultCountry: 'CO',
        workers: 0,
        name: 'clientes.csv',
      }),
    );
    await expect(sut).rejects.toBeInstanceOf(PhonesetError);
    await expect(sut).rejects.toThrow(
      'Column "phone" not found in clientes.csv; columns are: telefono, nombre',
    );
  });
});

describe('normalizeBatch', () => {
  it('fills carrier and time zone from the enrichment data', () => {
    const [sut] = normalizeBatch({ phones: ['+57 310 555 1234'], countries: [null], defaultCountry: 'CO' });
    expect(sut?.normalized).toBe('+573105551234');
    expect(sut?.timezone).toBe('America/Bogota');
    expect(sut?.carrier).not.toBeNull();
  });
});

describe('NormalizePool', () => {
  it('starts worker threads from src/ and answers batches like the in-process function', async () => {
    const sut = NormalizePool.start(2);
    expect(sut?.size).toBe(2);
    try {
      const batch = {
        phones: ['0057 300 123 4567', '(1) 234 5678', 'N/A', '+1 305 555 0123'],
        countries: [null, null, null, 'US'],
        defaultCountry: 'CO',
      };
      const [a, b] = await Promise.all([sut?.run(batch), sut?.run(batch)]);
      expect(a).toEqual(normalizeBatch(batch));
      expect(b).toEqual(a);
    } finally {
      await sut?.close();
    }
  });
});
