import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BulkColumn,
  bulkInsert,
  copyPayload,
  copyPayloadYielding,
  copyValue,
} from '../../src/store/bulk-insert.sql.js';
import { BACKENDS } from '../support/services.js';
import { createTestDb, type TestDb } from '../support/store.js';

interface Row {
  id: number;
  label: string | null;
  tags: (string | null)[];
  data: unknown;
  bytes: Buffer;
  flag: boolean;
  at: Date;
  score: number;
}

const COLUMNS: BulkColumn<Row>[] = [
  { name: 'id', type: 'bigint', value: (r) => r.id },
  { name: 'label', type: 'text', value: (r) => r.label },
  { name: 'tags', type: 'text[]', value: (r) => r.tags },
  { name: 'data', type: 'jsonb', value: (r) => r.data },
  {
    name: 'bytes',
    type: 'text',
    expr: "decode($v, 'hex')",
    value: (r) => r.bytes.toString('hex'),
    copy: (r) => r.bytes,
  },
  { name: 'flag', type: 'boolean', value: (r) => r.flag },
  { name: 'at', type: 'timestamptz', value: (r) => r.at },
  { name: 'score', type: 'double precision', value: (r) => r.score },
];

// Every character COPY's text format treats specially, and the ones array literals do.
const TRICKY = [
  'tab\there',
  'line\nbreak',
  'cr\rhere',
  'back\\slash',
  '\\N',
  'quote"s',
  '{braces,comma}',
  'NULL',
  'ñandú 📞 ＋５７',
  '',
];

const ROWS: Row[] = TRICKY.map((label, i) => ({
  id: i + 1,
  label: i === 4 ? null : label,
  tags: [label, 'plain', null],
  data: { label, nested: { list: [1, label], none: null } },
  bytes: Buffer.from([0, 9, 10, 13, 92, 255, i]),
  flag: i % 2 === 0,
  at: new Date(Date.UTC(2026, 10, 28, 8, 0, i)),
  score: i / 3,
}));

describe('copyValue', () => {
  it('writes null, booleans, dates, bytes, arrays and JSON in COPY text form, escaping what COPY reads specially', () => {
    expect(copyValue(null)).toBe('\\N');
    expect(copyValue(undefined)).toBe('\\N');
    expect(copyValue(true)).toBe('t');
    expect(copyValue(new Date(Date.UTC(2026, 0, 2)))).toBe('2026-01-02T00:00:00.000Z');
    expect(copyValue(Buffer.from([1, 171]))).toBe('\\\\x01ab');
    expect(copyValue(['a"b', null])).toBe('{"a\\\\"b",NULL}');
    expect(copyValue('a\tb\nc\\d')).toBe('a\\tb\\nc\\\\d');
    expect(copyValue({ a: 'x\ty' })).toBe('{"a":"x\\\\ty"}');
  });
});

describe('copyPayload', () => {
  const columns: BulkColumn<{ id: number; text: string }>[] = [
    { name: 'id', type: 'bigint', value: (r) => r.id },
    { name: 'text', type: 'text', value: (r) => r.text },
  ];
  // Long, multi-byte and escaped values, enough of them to outgrow the first buffer many times.
  const rows = Array.from({ length: 3000 }, (_, i) => ({
    id: i,
    text: `${'ñandú 📞 '.repeat(i % 97)}\t${i}`,
  }));
  const expected = `${rows.map((r) => `${r.id}\t${copyValue(r.text)}`).join('\n')}\n`;

  it('encodes the rows as the UTF-8 bytes of COPY text, one line each', async () => {
    const payload = copyPayload({ table: 't', columns, rows });
    expect(payload).toMatchObject({ table: 't', columns: ['id', 'text'], rows: 3000 });
    expect(Buffer.from(payload.data).toString('utf8')).toBe(expected);
    const yielded = await copyPayloadYielding({ table: 't', columns, rows });
    expect(Buffer.from(yielded.data).equals(Buffer.from(payload.data))).toBe(true);
  });

  it('encodes no rows as no bytes', () => {
    expect(copyPayload({ table: 't', columns, rows: [] }).data.byteLength).toBe(0);
  });
});

for (const backend of BACKENDS) {
  describe(`bulkInsert on ${backend}`, () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await createTestDb(backend);
      await t.db.exec(`CREATE TABLE copy_probe (id bigint PRIMARY KEY, label text, tags text[], data jsonb,
        bytes bytea, flag boolean, at timestamptz, score double precision)`);
    });
    afterAll(() => t.drop());

    it('round-trips every tricky value through COPY exactly', async () => {
      await t.db.transaction((tx) => bulkInsert(tx, 'copy_probe', COLUMNS, ROWS));
      const back = await t.db.query<{
        id: string;
        label: string | null;
        tags: (string | null)[];
        data: unknown;
        bytes: string;
        flag: boolean;
        at: string;
        score: number;
      }>(
        `SELECT id::text AS id, label, tags, data, encode(bytes, 'hex') AS bytes, flag, to_json(at)#>>'{}' AS at, score
         FROM copy_probe ORDER BY copy_probe.id`,
      );
      expect(back).toHaveLength(ROWS.length);
      for (const [i, row] of ROWS.entries()) {
        const got = back[i];
        expect(got?.id).toBe(String(row.id));
        expect(got?.label).toBe(row.label);
        expect(got?.tags).toEqual(row.tags);
        expect(got?.data).toEqual(row.data);
        expect(got?.bytes).toBe(row.bytes.toString('hex'));
        expect(got?.flag).toBe(row.flag);
        expect(new Date(got?.at ?? '').getTime()).toBe(row.at.getTime());
        expect(got?.score).toBeCloseTo(row.score, 12);
      }
    });

    it('is atomic: a bad row fails the whole COPY and the transaction leaves nothing', async () => {
      const before = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM copy_probe');
      const dup = { ...(ROWS[0] as Row), id: 1000 };
      await expect(
        t.db.transaction((tx) => bulkInsert(tx, 'copy_probe', COLUMNS, [dup, { ...dup }])),
      ).rejects.toThrow(/duplicate key|unique/i);
      const after = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM copy_probe');
      expect(after).toEqual(before);
    });
  });
}
