import type { StoreConfig } from '../config.js';
import type { Db } from './db.js';
import { PgliteDb } from './pglite.db.js';
import { PostgresDb } from './postgres.db.js';

/**
 * Opens the configured database: PostgreSQL when `url` is set, else embedded PGlite.
 *
 * @example
 * const db = await openDb(getConfig().store);
 */
export async function openDb(config: Pick<StoreConfig, 'url' | 'dataDir' | 'poolSize'>): Promise<Db> {
  return config.url ? PostgresDb.open(config.url, config.poolSize) : PgliteDb.open(config.dataDir);
}
