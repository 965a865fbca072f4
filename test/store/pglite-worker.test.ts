import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PhonesetError } from '../../src/core/errors.js';
import { migrate } from '../../src/store/migrate.js';
import { PgliteWorkerDb } from '../../src/store/pglite-worker.db.js';
import { createStore, type Store } from '../../src/store/store.js';
import { testKeyRing } from '../support/store.js';
import { aRecord } from './records.js';

describe('PgliteWorkerDb: the embedded database in a worker thread', () => {
  const dir = mkdtempSync(join(tmpdir(), 'phoneset-worker-'));
  const ring = testKeyRing();
  let db: PgliteWorkerDb;
  let store: Store;

  beforeAll(async () => {
    db = await PgliteWorkerDb.open(join(dir, 'db'));
    await migrate(db);
    store = createStore(db, ring);
  });
  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes and reads registry records through the store, numbers encrypted at rest', async () => {
    const [id] = await store.phones.reserveIds(1);
    const record = aRecord({ phone_id: id as string, customer_id: 'W1', phone_number: '+573001234567' });
    await store.applyChanges({ inserts: [record] });
    expect(await store.phones.get(id as string)).toEqual(record);
    const [raw] = await db.query<{ phone_number: string }>(
      'SELECT phone_number FROM customer_phones WHERE phone_id = $1::bigint',
      [id],
    );
    expect(raw?.phone_number).not.toContain('3001234567');
  });

  it('returns the same typed rows for a statement without parameters (one simple-protocol message) as with them', async () => {
    const sql = (a: string, b: string) =>
      `SELECT ${a}::bigint AS big, ${b}::int AS n, true AS yes, ARRAY['a','b'] AS list,
              '2026-01-02T03:04:05Z'::timestamptz AS at, NULL::text AS nothing, '{"k":1}'::json AS doc`;
    const withParams = await db.query(sql('$1', '$2'), ['9007199254740993', 7]);
    const without = await db.query(sql("'9007199254740993'", '7'));
    expect(without).toEqual(withParams);
    expect(without[0]).toMatchObject({ n: 7, yes: true, list: ['a', 'b'], nothing: null, doc: { k: 1 } });
    expect(await db.query('SELECT 1 AS a WHERE false')).toEqual([]);
  });

  it('rolls a failed transaction back whole, and reports a unique violation as STORE_CONFLICT', async () => {
    const before = await store.phones.count({ include_deleted: true });
    const [a, b] = await store.phones.reserveIds(2);
    const twin = { customer_id: 'W2', phone_number: '+573009876543' };
    const error = await store
      .applyChanges({
        inserts: [aRecord({ phone_id: a as string, ...twin }), aRecord({ phone_id: b as string, ...twin })],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PhonesetError);
    expect((error as PhonesetError).code).toBe('STORE_CONFLICT');
    expect(await store.phones.count({ include_deleted: true })).toBe(before);
  });

  it('keeps a transaction to itself: a statement sent meanwhile waits until it commits', async () => {
    let inside = -1;
    let seenOutside = -1;
    const tx = db.transaction(async (t) => {
      await t.exec('CREATE TABLE iso_probe (n int)');
      await t.query('INSERT INTO iso_probe VALUES (1)');
      await new Promise((r) => setTimeout(r, 50));
      inside = (await t.query<{ n: number }>('SELECT count(*)::int AS n FROM iso_probe'))[0]?.n ?? -1;
      await t.query('INSERT INTO iso_probe VALUES (2)');
    });
    const outside = db.query<{ n: number }>('SELECT count(*)::int AS n FROM iso_probe').then((r) => {
      seenOutside = r[0]?.n ?? -1;
    });
    await Promise.all([tx, outside]);
    expect(inside).toBe(1);
    expect(seenOutside).toBe(2);
  });

  it('keeps the data across a close and a reopen, and dumps the data folder', async () => {
    const n = await store.phones.count({ include_deleted: true });
    await db.close();
    db = await PgliteWorkerDb.open(join(dir, 'db'));
    store = createStore(db, ring);
    expect(await store.phones.count({ include_deleted: true })).toBe(n);
    const dump = await db.dumpDataDir();
    expect(dump.byteLength).toBeGreaterThan(1_000_000);
  });

  it('refuses statements after close with a clear error instead of hanging', async () => {
    const other = await PgliteWorkerDb.open(join(dir, 'db2'));
    await other.close();
    await expect(other.query('SELECT 1')).rejects.toThrow(/stopped|closed/);
  });
});
