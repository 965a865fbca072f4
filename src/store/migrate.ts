import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PhonesetError } from '../core/errors.js';
import type { Db } from './db.js';

/** The repository's `migrations/` folder (from `src/store` and from `dist/store` alike). */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

/** One SQL migration file `NNNN_name.sql`. */
export interface Migration {
  version: string;
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  /** Versions applied by this run, in order. */
  applied: string[];
  /** Every version now in the database. */
  current: string[];
}

/**
 * Reads the migration files in version order.
 *
 * @example
 * readMigrations().map((m) => m.version); // ['0001', '0002', …]
 */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const sql = readFileSync(`${dir}/${file}`, 'utf8');
      return {
        version: file.slice(0, 4),
        name: file.slice(5, -4),
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    });
}

// Serialises concurrent `migrate` runs on one PostgreSQL database (several
// processes starting at once); a no-op in spirit on single-process PGlite.
const LOCK = "SELECT pg_advisory_xact_lock(hashtext('phoneset.migrate'))";

/**
 * Applies pending migrations, each in its own transaction, recording each in
 * `schema_migrations` with its checksum. Idempotent: already-applied versions
 * are skipped; an applied file whose content changed is refused
 * (`STORE_MIGRATION_CHANGED`), since the database no longer matches the code.
 *
 * @example
 * const { applied } = await migrate(db); // ['0001', …] on a new database, [] after
 */
export async function migrate(db: Db, migrations: Migration[] = readMigrations()): Promise<MigrateResult> {
  await db.transaction(async (tx) => {
    await tx.query(LOCK);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    text        PRIMARY KEY,
      name       text        NOT NULL,
      checksum   text        NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
  });
  const applied: string[] = [];
  for (const m of migrations) {
    const done = await db.transaction(async (tx) => {
      await tx.query(LOCK);
      const [row] = await tx.query<{ checksum: string }>(
        'SELECT checksum FROM schema_migrations WHERE version = $1',
        [m.version],
      );
      if (row) {
        if (row.checksum !== m.checksum) {
          throw new PhonesetError('STORE_MIGRATION_CHANGED', {
            version: `${m.version}_${m.name}`,
            applied: row.checksum.slice(0, 12),
            current: m.checksum.slice(0, 12),
          });
        }
        return false;
      }
      try {
        await tx.exec(m.sql);
      } catch (error) {
        throw new PhonesetError(
          'STORE_MIGRATION_FAILED',
          { version: `${m.version}_${m.name}`, detail: (error as Error).message },
          { cause: error },
        );
      }
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        m.checksum,
      ]);
      return true;
    });
    if (done) applied.push(m.version);
  }
  const current = await db.query<{ version: string }>(
    'SELECT version FROM schema_migrations ORDER BY version',
  );
  return { applied, current: current.map((r) => r.version) };
}
