import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readRecords } from '../../../src/pipeline/formats/read-records.js';
import { collectRows, FIXTURES } from './collect-rows.js';

const read = (file: string) => collectRows(readRecords(`${FIXTURES}${file}`, { format: 'csv' }));

describe('readRecords csv', () => {
  it('reads a comma-separated UTF-8 file with CRLF line ends, header names as field names', async () => {
    const rows = await read('clientes-comma.csv');
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual({
      row: 1,
      fields: { cliente_id: 'C001', nombre: 'Ana María Gómez', telefono: '300 123 4567', tipo: 'celular' },
    });
    expect(rows.map((r) => r.row)).toEqual([1, 2, 3]);
    expect(rows[2]?.fields.telefono).toBe('+57 310 555 0101');
  });

  it('detects Windows-1252 and a semicolon delimiter, keeping ñ and accents', async () => {
    const rows = await read('clientes-semicolon-1252.csv');
    expect(Object.keys(rows[0]?.fields ?? {})).toEqual(['Cédula', 'Nombre', 'Teléfono', 'Ciudad']);
    expect(rows[1]?.fields).toEqual({
      Cédula: '1020304050',
      Nombre: 'Peña Martínez Ñoño',
      Teléfono: '315 987 6543',
      Ciudad: 'Medellín',
    });
    expect(rows.every((r) => r.error === undefined)).toBe(true);
  });

  it('detects a tab delimiter', async () => {
    const rows = await read('clientes-tab.tsv');
    expect(rows.map((r) => r.fields)).toEqual([
      { customer_id: 'C1', phone: '+1 212 555 0199', source: 'web_forms' },
      { customer_id: 'C2', phone: '3001234567', source: 'call_center' },
    ]);
  });

  it('drops a UTF-8 BOM so the first header is clean', async () => {
    const rows = await read('clientes-bom.csv');
    expect(Object.keys(rows[0]?.fields ?? {})).toEqual(['Teléfono', 'Cliente']);
  });

  it('keeps quoted fields with newlines, delimiters and doubled quotes in one field', async () => {
    const rows = await read('clientes-quoted-newlines.csv');
    expect(rows).toHaveLength(3);
    expect(rows[0]?.fields.notas).toBe('Llamar en la tarde,\nno antes de las 2 pm');
    expect(rows[1]?.fields.notas).toBe('Dice "no molestar"');
    expect(rows[2]).toEqual({ row: 3, fields: { id: '3', notas: 'sin notas', celular: '3209998877' } });
  });

  it('reports ragged rows as bad rows with their row and line, and reads on', async () => {
    const rows = await read('clientes-ragged.csv');
    expect(rows.map((r) => [r.row, r.error === undefined])).toEqual([
      [1, true],
      [2, false],
      [3, false],
      [4, true],
    ]);
    expect(rows[1]?.error?.code).toBe('INPUT_BAD_ROW');
    expect(rows[1]?.error?.message).toContain('Row 2 of');
    expect(rows[1]?.error?.message).toContain('expected 3 fields, found 2');
    expect(rows[1]?.fields).toEqual({ id: '2', telefono: '3109876543' });
    expect(rows[2]?.error?.message).toContain('expected 3 fields, found 4');
    expect(rows[3]?.fields.nombre).toBe('Marta');
  });

  it('counts rows, not lines, after a quoted newline', async () => {
    const text = 'a,b\n1,"x\ny"\n2\n3,z\n';
    const rows = await collectRows(
      readRecords(Readable.from([Buffer.from(text)]), { format: 'csv', name: 'm.csv' }),
    );
    expect(rows.map((r) => r.row)).toEqual([1, 2, 3]);
    expect(rows[1]?.error?.message).toBe('Row 2 of m.csv is malformed: expected 2 fields, found 1');
  });

  it('decodes Windows-1252 split across many small chunks of a stream', async () => {
    const text = `nombre;telefono\n${Array.from({ length: 50 }, (_, i) => `Muñoz ${i};300${i}`).join('\n')}`;
    const bytes = iconv.encode(text, 'win1252');
    const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) =>
      bytes.subarray(i * 7, i * 7 + 7),
    );
    const rows = await collectRows(readRecords(Readable.from(chunks), { format: 'csv' }));
    expect(rows).toHaveLength(50);
    expect(rows[49]?.fields).toEqual({ nombre: 'Muñoz 49', telefono: '30049' });
  });

  it('reports an unclosed quote as a bad row naming the problem instead of crashing', async () => {
    const rows = await collectRows(
      readRecords(Readable.from([Buffer.from('a,b\n1,2\n3,"unclosed\n4,5\n')]), {
        format: 'csv',
        name: 'q.csv',
      }),
    );
    expect(rows[0]).toEqual({ row: 1, fields: { a: '1', b: '2' } });
    expect(rows[1]?.row).toBe(2);
    expect(rows[1]?.error?.message).toMatch(
      /^Row 2 of q\.csv is malformed: not readable as CSV \(Quote Not Closed/,
    );
  });

  it('skips rows of only delimiters and tolerates trailing empty fields', async () => {
    const text = 'a;b\r\n1;2;\r\n;;\r\n  ;\r\n3;4\r\n';
    const rows = await collectRows(readRecords(Readable.from([Buffer.from(text)]), { format: 'csv' }));
    expect(rows).toEqual([
      { row: 1, fields: { a: '1', b: '2' } },
      { row: 2, fields: { a: '3', b: '4' } },
    ]);
  });

  it('uses a given delimiter and encoding instead of guessing', async () => {
    const bytes = Buffer.from('a|b\n1|2\n');
    const rows = await collectRows(
      readRecords(Readable.from([bytes]), { format: 'csv', delimiter: '|', encoding: 'utf8' }),
    );
    expect(rows[0]?.fields).toEqual({ a: '1', b: '2' });
  });

  it('fails with INPUT_NOT_FOUND naming a missing file', async () => {
    await expect(read('no-such-file.csv')).rejects.toMatchObject({ code: 'INPUT_NOT_FOUND' });
  });
});
