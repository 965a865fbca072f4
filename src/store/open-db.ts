import type { StoreConfig } from '../config.js';
import type { Db } from './db.js';
import { PgliteDb } from './pglite.db.js';
import { PgliteWorkerDb } from './pglite-worker.db.js';
import { PostgresDb } from './postgres.db.js';

/**
 * Opens the configured database: PostgreSQL when `url` is set, else embedded PGlite on its
 * data folder, in a worker thread (`memory://` stays on this thread).
 *
 * @example
 * const db = await openDb(getConfig().store);
 */
export async function openDb(config: Pick<StoreConfig, 'url' | 'dataDir' | 'poolSize'>): Promise<Db> {
  if (config.url) return PostgresDb.open(config.url, config.poolSize);
  return config.dataDir.startsWith('memory://')
    ? PgliteDb.open(config.dataDir)
    : PgliteWorkerDb.open(config.dataDir);
}
