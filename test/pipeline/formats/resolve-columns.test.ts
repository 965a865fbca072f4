import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../src/pipeline/formats/detect-format.js';
import { parseColumnMap } from '../../../src/pipeline/formats/parse-column-map.js';
import { resolveColumns } from '../../../src/pipeline/formats/resolve-columns.js';

describe('resolveColumns', () => {
  it.each([
    [['Cédula', 'Nombre', 'Teléfono'], { customer_id: 'Cédula', phone_number: 'Teléfono' }],
    [
      ['ID_CLIENTE', 'CELULAR', 'TIPO'],
      { customer_id: 'ID_CLIENTE', phone_number: 'CELULAR', phone_type: 'TIPO' },
    ],
    [
      [
        'customer_id',
        'phone_number',
        'phone_type',
        'source_system',
        'is_primary',
        'is_verified',
        'updated_at',
        'id',
      ],
      {
        customer_id: 'customer_id',
        phone_number: 'phone_number',
        phone_type: 'phone_type',
        source_system: 'source_system',
        is_primary: 'is_primary',
        is_verified: 'is_verified',
        updated_at: 'updated_at',
        source_record_id: 'id',
      },
    ],
    [
      ['NIT', 'Móvil', 'Fuente', 'Principal', 'Verificado', 'Fecha', 'País'],
      {
        customer_id: 'NIT',
        phone_number: 'Móvil',
        source_system: 'Fuente',
        is_primary: 'Principal',
        is_verified: 'Verificado',
        updated_at: 'Fecha',
        country: 'País',
      },
    ],
    [[' Número de Teléfono ', 'Cliente'], { customer_id: 'Cliente', phone_number: ' Número de Teléfono ' }],
    [['Tel', 'Mobile', 'customer'], { customer_id: 'customer', phone_number: 'Mobile' }],
  ])('recognises %j', (headers, expected) => {
    expect(resolveColumns(headers)).toEqual(expected);
  });

  it('lets --map pick the columns, matched exactly or accent- and case-insensitively', () => {
    const map = parseColumnMap('phone=Telefono 2,customer_id=cedula');
    expect(resolveColumns(['Cédula', 'Teléfono', 'Telefono 2'], map)).toEqual({
      phone_number: 'Telefono 2',
      customer_id: 'Cédula',
    });
  });

  it('lists the headers seen when there is no phone column', () => {
    expect(() => resolveColumns(['Nombre', 'Cédula'], {}, 'clientes.csv')).toThrow(
      'No phone column found in clientes.csv; columns are: "Nombre", "Cédula". Name it with --map phone=COLUMN',
    );
  });

  it('names a mapped column that the file does not have', () => {
    expect(() => resolveColumns(['Nombre', 'Cel'], parseColumnMap('phone=Celular'), 'c.csv')).toThrow(
      'Column "Celular" not found in c.csv; columns are: "Nombre", "Cel"',
    );
  });
});

describe('parseColumnMap', () => {
  it('maps aliases to canonical fields and keeps column names as written', () => {
    expect(parseColumnMap('phone=Telefono,customer_id=Cedula, tipo = Tipo de línea ')).toEqual({
      phone_number: 'Telefono',
      customer_id: 'Cedula',
      phone_type: 'Tipo de línea',
    });
  });

  it.each([
    ['phone', 'is not field=column'],
    ['colour=Color', 'unknown field "colour"'],
    ['phone=A,telefono=B', 'field "phone_number" is mapped twice'],
  ])('rejects %j (%s)', (text, message) => {
    expect(() => parseColumnMap(text)).toThrow(message);
  });
});

describe('detectFormat', () => {
  it.each([
    ['x.xlsx', Buffer.from('PK\x03\x04rest', 'latin1'), 'xlsx'],
    ['x.bin', Buffer.from('PK\x03\x04rest', 'latin1'), 'xlsx'],
    ['x.csv', Buffer.from('[{"a":1}]'), 'json'],
    ['x.data', Buffer.from('\ufeff  {"a":1}\n{"a":2}\n'), 'ndjson'],
    ['x.jsonl', Buffer.from(''), 'ndjson'],
    ['x.tsv', Buffer.from('a\tb\n'), 'csv'],
    ['numeros.txt', Buffer.from('3001234567\n3109876543\n'), 'lines'],
    ['export.txt', Buffer.from('cedula;telefono\n1;300\n'), 'csv'],
    ['export', Buffer.from('cedula,telefono\n'), 'csv'],
  ])('%s → %s', (name, bytes, expected) => {
    expect(detectFormat(name, bytes)).toBe(expected);
  });
});
