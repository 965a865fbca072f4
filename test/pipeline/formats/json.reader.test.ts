import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readRecords } from '../../../src/pipeline/formats/read-records.js';
import { collectRows, FIXTURES } from './collect-rows.js';

const fromText = (text: string, chunk = 5) =>
  Readable.from(
    Array.from({ length: Math.ceil(text.length / chunk) }, (_, i) =>
      Buffer.from(text.slice(i * chunk, i * chunk + chunk)),
    ),
  );

describe('readRecords json', () => {
  it('reads the objects of a top-level array, values as strings', async () => {
    const rows = await collectRows(readRecords(`${FIXTURES}clientes.json`, { format: 'json' }));
    expect(rows).toEqual([
      { row: 1, fields: { customer_id: 'C1', phone: '3001234567', is_primary: 'true' } },
      { row: 2, fields: { customer_id: 'C2', phone: '3109876543', tags: '["vip"]' } },
      { row: 3, fields: { customer_id: 'C3', phone: '' } },
    ]);
  });

  it('parses elements split across tiny chunks and reports non-objects as bad rows', async () => {
    const rows = await collectRows(
      readRecords(fromText('[{"phone":"300 123 4567","n":"ñ"}, 42, {"phone":"+1 212"}]'), {
        format: 'json',
        name: 'a.json',
      }),
    );
    expect(rows[0]?.fields).toEqual({ phone: '300 123 4567', n: 'ñ' });
    expect(rows[1]?.error?.message).toBe('Row 2 of a.json is malformed: element 2 is not a JSON object');
    expect(rows[2]).toEqual({ row: 3, fields: { phone: '+1 212' } });
  });

  it('rejects a file that is not an array, naming what it found', async () => {
    await expect(
      collectRows(readRecords(fromText('{"a":1}'), { format: 'json', name: 'o.json' })),
    ).rejects.toThrow('Cannot read o.json as json: expected a top-level array "[", found "{"');
  });

  it('yields the rows before a break in the array, then fails naming where', async () => {
    const seen: number[] = [];
    const run = async () => {
      for await (const r of readRecords(fromText('[{"a":"1"},{"a":"2"},{"a":'), {
        format: 'json',
        name: 'cut.json',
      })) {
        seen.push(r.row);
      }
    };
    await expect(run()).rejects.toMatchObject({ code: 'INPUT_BAD_FORMAT' });
    await expect(run()).rejects.toThrow(/breaks off after element 2/);
    expect(seen.slice(0, 2)).toEqual([1, 2]);
  });

  it('streams a large array without reading it all first', async () => {
    let pulled = 0;
    async function* gen() {
      yield Buffer.from('[');
      for (let i = 0; i < 1_000_000; i++) {
        const b = Buffer.from(`${i ? ',' : ''}{"customer_id":"C${i}","phone":"300${i}"}`);
        pulled += b.length;
        yield b;
      }
      yield Buffer.from(']');
    }
    let n = 0;
    for await (const r of readRecords(Readable.from(gen()), { format: 'json' })) {
      expect(r.fields.customer_id).toBe(`C${n}`);
      if (++n === 500) break;
    }
    expect(pulled).toBeLessThan(2 * 1024 * 1024);
  });
});
