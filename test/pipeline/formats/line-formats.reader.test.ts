import { describe, expect, it } from 'vitest';
import { readRecords } from '../../../src/pipeline/formats/read-records.js';
import { collectRows, FIXTURES } from './collect-rows.js';

describe('readRecords ndjson', () => {
  it('reads objects line by line, numbers as strings, and names bad lines', async () => {
    const rows = await collectRows(
      readRecords(`${FIXTURES}clientes.ndjson`, { format: 'ndjson', name: 'clientes.ndjson' }),
    );
    expect(rows.map((r) => r.row)).toEqual([1, 2, 4, 5, 6]);
    expect(rows[1]?.fields).toEqual({ customer_id: 'C2', phone: '3109876543', verified: 'true' });
    expect(rows[2]?.error?.message).toMatch(
      /^Row 4 of clientes\.ndjson is malformed: line 4 is not valid JSON/,
    );
    expect(rows[2]?.error?.raw).toBe('{"customer_id":"C3", phone: 320}');
    expect(rows[3]?.error?.message).toContain('line 5 is not a JSON object');
    expect(rows[4]).toEqual({ row: 6, fields: { customer_id: 'C5', phone: '+57 601 745 1234' } });
  });
});

describe('readRecords lines', () => {
  it('yields one trimmed phone per non-blank line, numbered by line', async () => {
    const rows = await collectRows(readRecords(`${FIXTURES}numeros.txt`, { format: 'lines' }));
    expect(rows).toEqual([
      { row: 1, fields: { phone: '3001234567' } },
      { row: 2, fields: { phone: '+57 310 555 0101' } },
      { row: 4, fields: { phone: '601-745-1234' } },
    ]);
  });
});
