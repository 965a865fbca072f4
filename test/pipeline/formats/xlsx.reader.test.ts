import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecords } from '../../../src/pipeline/formats/read-records.js';
import { collectRows } from './collect-rows.js';

let dir: string;
let file: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'phoneset-xlsx-'));
  file = join(dir, 'clientes.xlsx');
  const wb = new ExcelJS.Workbook();
  const resumen = wb.addWorksheet('Resumen');
  resumen.addRow(['Reporte de clientes', 'noviembre']);
  const clientes = wb.addWorksheet('Clientes');
  clientes.addRow(['Cédula', 'Teléfono', 'Fecha', 'Nota', 'Total']);
  clientes.addRow([
    79845123,
    3001234567,
    new Date(Date.UTC(2024, 2, 1)),
    { richText: [{ text: 'VIP ' }, { text: 'oro' }] },
    { formula: 'A2*0+7', result: 7 },
  ]);
  clientes.getCell('B2').numFmt = '0.00E+00'; // shows 3.00E+09 in Excel; the stored number is exact
  clientes.addRow([1020304050, 573109876543, new Date(Date.UTC(2024, 2, 1, 15, 30)), null, 12.5]);
  clientes.addRow([]);
  clientes.addRow(['52111222', '+57 601 745 1234', null, 'texto', null]);
  await wb.xlsx.writeFile(file);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readRecords xlsx', () => {
  it('reads the first sheet by default', async () => {
    const rows = await collectRows(readRecords(file, { format: 'xlsx' }));
    expect(rows).toEqual([]);
    const withHeaderOnly = await collectRows(readRecords(file, { format: 'xlsx', sheet: 'Resumen' }));
    expect(withHeaderOnly).toEqual([]);
  });

  it('reads a named sheet: numeric phones keep every digit, dates become ISO, formulas their result', async () => {
    const rows = await collectRows(readRecords(file, { format: 'xlsx', sheet: 'Clientes' }));
    expect(rows).toEqual([
      {
        row: 1,
        fields: {
          Cédula: '79845123',
          Teléfono: '3001234567',
          Fecha: '2024-03-01',
          Nota: 'VIP oro',
          Total: '7',
        },
      },
      {
        row: 2,
        fields: {
          Cédula: '1020304050',
          Teléfono: '573109876543',
          Fecha: '2024-03-01T15:30:00.000Z',
          Nota: '',
          Total: '12.5',
        },
      },
      {
        row: 4,
        fields: { Cédula: '52111222', Teléfono: '+57 601 745 1234', Fecha: '', Nota: 'texto', Total: '' },
      },
    ]);
  });

  it('names the sheets there are when the asked one is missing', async () => {
    await expect(
      collectRows(readRecords(file, { format: 'xlsx', sheet: 'Hoja1', name: 'clientes.xlsx' })),
    ).rejects.toThrow('Sheet "Hoja1" not found in clientes.xlsx; sheets are: "Resumen", "Clientes"');
  });
});
