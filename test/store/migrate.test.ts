import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PhonesetError } from '../../src/core/errors.js';
import { migrate, readMigrations } from '../../src/store/migrate.js';
import { BACKENDS } from '../support/services.js';
import { createTestDb, type TestDb } from '../support/store.js';

for (const backend of BACKENDS) {
  describe(`migrate on ${backend}`, () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await createTestDb(backend);
    });
    afterAll(() => t.drop());

    it('applies every migration once and nothing on a second run', async () => {
      const all = readMigrations().map((m) => m.version);
      const first = await migrate(t.db);
      expect(first.applied).toEqual(all);
      const second = await migrate(t.db);
      expect(second.applied).toEqual([]);
      expect(second.current).toEqual(all);
    });

    it('creates the registry partitioned by country', async () => {
      const rows = await t.db.query<{ child: string }>(
        `SELECT c.relname AS child FROM pg_inherits i
         JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
         WHERE p.relname = 'customer_phones' ORDER BY 1`,
      );
      expect(rows.map((r) => r.child)).toEqual([
        'customer_phones_co',
        'customer_phones_default',
        'customer_phones_mx',
        'customer_phones_us',
      ]);
    });

    it('refuses a migration whose file changed after it was applied', async () => {
      const changed = readMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'f'.repeat(64) } : m));
      await expect(migrate(t.db, changed)).rejects.toMatchObject({ code: 'STORE_MIGRATION_CHANGED' });
    });

    it('rolls back a failing migration entirely', async () => {
      const bad = [
        ...readMigrations(),
        {
          version: '9999',
          name: 'broken',
          sql: 'CREATE TABLE half_done (x int); SELECT nope;',
          checksum: 'x',
        },
      ];
      const error = await migrate(t.db, bad).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PhonesetError);
      expect((error as PhonesetError).code).toBe('STORE_MIGRATION_FAILED');
      const [row] = await t.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_class WHERE relname = 'half_done'",
      );
      expect(row?.n).toBe(0);
      const [applied] = await t.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM schema_migrations WHERE version = '9999'",
      );
      expect(applied?.n).toBe(0);
    });
  });
}
