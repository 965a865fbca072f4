import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { generateKeyMaterial } from '../../src/security/key-material.js';
import { KeyRing } from '../../src/security/key-ring.js';
import type { Db } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { PgliteDb } from '../../src/store/pglite.db.js';
import { PostgresDb } from '../../src/store/postgres.db.js';
import { createStore, type Store } from '../../src/store/store.js';
import { type Backend, POSTGRES_URL } from './services.js';

/** A database for one test suite, and how to throw it away. */
export interface TestDb {
  db: Db;
  /** Connection URL of the suite's own PostgreSQL database; undefined on PGlite. */
  url: string | undefined;
  /** Closes the connection and drops the database. */
  drop(): Promise<void>;
}

/**
 * A fresh, empty database on `backend`: PGlite in memory, or on PostgreSQL a
 * uniquely named database created on the test server and dropped by `drop()`.
 *
 * @example
 * const t = await createTestDb('postgres'); try { … } finally { await t.drop(); }
 */
export async function createTestDb(backend: Backend): Promise<TestDb> {
  if (backend === 'pglite') {
    const db = await PgliteDb.open('memory://');
    return { db, url: undefined, drop: () => db.close() };
  }
  const name = `phoneset_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  const db = await PostgresDb.open(url.toString(), 4);
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.close();
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/**
 * A key ring with fresh random keys.
 *
 * @example
 * const ring = testKeyRing();
 */
export function testKeyRing(keyId = 'test1'): KeyRing {
  return new KeyRing(generateKeyMaterial(keyId));
}

/** A migrated store on a fresh database, with its key ring. */
export interface TestStore extends TestDb {
  store: Store;
  ring: KeyRing;
}

/**
 * A migrated store on a fresh test database.
 *
 * @example
 * const t = await createTestStore(backend); … await t.drop();
 */
export async function createTestStore(backend: Backend, ring: KeyRing = testKeyRing()): Promise<TestStore> {
  const t = await createTestDb(backend);
  await migrate(t.db);
  return { ...t, store: createStore(t.db, ring), ring };
}
