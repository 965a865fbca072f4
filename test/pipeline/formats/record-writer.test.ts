import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
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
    updated_at: new Date('2026-01-02T00:00:00Z'),
    carrier: 'Claro, "Comcel"\nCO',
  },
];

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'phoneset-writers-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('createRecordWriter', () => {
  it('writes CSV that reads back to the same strings, header from the first record', async () => {
    const path = join(dir, 'out.csv');
    const sut = createRecordWriter('csv', path);
    for (const r of RECORDS) await sut.write(r);
    await sut.close();
    const text = await readFile(path, 'utf8');
    expect(text.split('\n')[0]).toBe(
      'customer_id,phone_number,is_primary,confidence_score,sources,updated_at,carrier',
    );
    const rows = await collectRows(readRecords(path, { format: 'csv' }));
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
        updated_at: '2026-01-02T00:00:00.000Z',
        carrier: 'Claro, "Comcel"\nCO',
      },
    ]);
  });

  it('writes only the given CSV columns, in their order', async () => {
    const path = join(dir, 'cols.csv');
    const sut = createRecordWriter('csv', path, { columns: ['phone_number', 'customer_id'] });
    for (const r of RECORDS) await sut.write(r);
    await sut.close();
    expect(await readFile(path, 'utf8')).toBe(
      'phone_number,customer_id\n+573001234567,C1\n+576017451234,C2\n',
    );
  });

  it('writes NDJSON that reads back line by line', async () => {
    const path = join(dir, 'out.ndjson');
    const sut = createRecordWriter('ndjson', path);
    for (const r of RECORDS) await sut.write(r);
    expect(await readdir(dir)).not.toContain('out.ndjson');
    await sut.close();
    expect(await readdir(dir)).toEqual(['out.ndjson']);
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual(JSON.parse(JSON.stringify(RECORDS)));
    const rows = await collectRows(readRecords(path, { format: 'ndjson' }));
    expect(rows[1]?.fields.carrier).toBe('Claro, "Comcel"\nCO');
  });

  it('shows no file under the final name until close, and abort leaves nothing', async () => {
    const path = join(dir, 'later.ndjson');
    const sut = createRecordWriter('ndjson', path);
    await sut.write(RECORDS[0] as Record<string, unknown>);
    expect(await readdir(dir)).not.toContain('later.ndjson');
    await sut.abort?.();
    expect(await readdir(dir)).toEqual([]);
  });

  it('waits for drain when the output is slow instead of buffering without bound', async () => {
    let release: () => void = () => {};
    let received = 0;
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _enc, callback) {
        received += chunk.length;
        release = callback;
      },
    });
    const sut = createRecordWriter('ndjson', slow);
    let written = 0;
    const writing = (async () => {
      for (let i = 0; i < 1000; i++) {
        await sut.write({ i, pad: 'x'.repeat(100) });
        written++;
      }
    })();
    await new Promise((r) => setTimeout(r, 50));
    // The sink holds one chunk in write() and at most its highWaterMark in its buffer.
    expect(written).toBeLessThan(20);
    expect(received).toBeGreaterThan(0);
    // Let the sink go fast from now on.
    slow._write = (_chunk, _enc, callback) => callback();
    release();
    await writing;
    expect(written).toBe(1000);
    await sut.close();
  });

  it('rejects close when the output stream fails', async () => {
    const broken = new PassThrough();
    const sut = createRecordWriter('csv', broken);
    await sut.write({ a: 1 });
    broken.destroy(new Error('disk full'));
    await expect(sut.close()).rejects.toThrow('disk full');
  });
});
