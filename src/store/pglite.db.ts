import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PhonesetError } from '../core/errors.js';
import type { Db, SqlExecutor } from './db.js';

interface PgliteLike {
  query<T>(sql: string, params?: unknown[], options?: { blob?: Blob }): Promise<{ rows: T[]; blob?: Blob }>;
  exec(sql: string): Promise<Array<{ rows: unknown[] }>>;
}

function executor(target: PgliteLike): SqlExecutor {
  return {
    async query<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
      // A statement without parameters goes as one simple-protocol message. PGlite runs a
      // parameterised query as parse, describe, bind and execute, each a separate call into
      // the engine with its own messages to encode and decode: for a one-row read that is
      // about 40% of its cost (a customer lookup on a 1M-row store: 317 µs against 185 µs).
      if (params.length === 0) return ((await target.exec(sql)).at(-1)?.rows ?? []) as T[];
      return (await target.query<T>(sql, params as unknown[])).rows;
    },
    async exec(sql: string): Promise<void> {
      await target.exec(sql);
    },
    async copyFrom(table: string, columns: readonly string[], data: Uint8Array): Promise<void> {
      // PGlite's COPY reads the blob handed with the query as the file '/dev/blob': the rows
      // skip the wire protocol's per-character string encoding that a big parameter costs.
      await target.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, [], {
        blob: new Blob([data]),
      });
    },
    async copyTo(query: string): Promise<string> {
      const result = await target.query(`COPY (${query}) TO '/dev/blob'`);
      return result.blob ? await result.blob.text() : '';
    },
  };
}

// Settings for a registry of millions of rows on a data folder. PGlite reads every page
// that is not in shared buffers through a JavaScript file-system call, so a buffer pool that
// holds the hot index pages (registry keys, blind index, audit keys) is what keeps an import
// near linear in its size (at 128MB, the default, a 1.2M-row import took 1.8× as long); the
// pool counts in the process's memory, hence not more. Fewer checkpoints mean fewer
// full-page images in the WAL. The data folder is a local file whose pages the operating
// system caches, so a random page costs about what a sequential one does (1.1, the usual
// setting for local SSDs): with the default 4, a 1,500-row UPDATE … FROM a staging table
// was planned as a hash join over a scan of the whole registry, so each chunk of an import
// cost more than the one before.
const TUNING = [
  '-c',
  'shared_buffers=256MB',
  '-c',
  'max_wal_size=4GB',
  '-c',
  'checkpoint_timeout=15min',
  '-c',
  'random_page_cost=1.1',
  '-c',
  'effective_cache_size=1GB',
];

/**
 * The embedded database: PGlite (PostgreSQL compiled to WebAssembly) in-process,
 * on a data folder, or in memory when `dataDir` is `memory://`.
 *
 * @example
 * const db = await PgliteDb.open('.phoneset/db');
 */
export class PgliteDb implements Db {
  readonly kind = 'pglite' as const;
  readonly target: string;
  readonly #pg: PGlite;
  readonly #exec: SqlExecutor;

  private constructor(pg: PGlite, target: string) {
    this.#pg = pg;
    this.target = target;
    this.#exec = executor(pg);
  }

  /** Opens (creating when missing) a PGlite database. */
  static async open(dataDir: string): Promise<PgliteDb> {
    try {
      if (dataDir.startsWith('memory://')) return new PgliteDb(await PGlite.create(), 'PGlite in memory');
      mkdirSync(dataDir, { recursive: true });
      return new PgliteDb(
        await PGlite.create(dataDir, { startParams: [...PGlite.defaultStartParams, ...TUNING] }),
        `PGlite at ${dataDir}`,
      );
    } catch (error) {
      throw new PhonesetError(
        'STORE_CONNECT_FAILED',
        { target: `PGlite at ${dataDir}`, detail: (error as Error).message },
        { cause: error },
      );
    }
  }

  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    return this.#exec.query<T>(sql, params);
  }

  exec(sql: string): Promise<void> {
    return this.#exec.exec(sql);
  }

  copyFrom(table: string, columns: readonly string[], data: Uint8Array): Promise<void> {
    return this.#exec.copyFrom(table, columns, data);
  }

  copyTo(query: string): Promise<string> {
    return this.#exec.copyTo(query);
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.#pg.transaction((tx) => fn(executor(tx)));
  }

  /**
   * The data folder as a tar archive (uncompressed), for backups and for the
   * test that proves no plaintext phone number reaches the disk.
   */
  async dumpDataDir(): Promise<Uint8Array> {
    const file = await this.#pg.dumpDataDir('none');
    return new Uint8Array(await file.arrayBuffer());
  }

  async close(): Promise<void> {
    if (!this.#pg.closed) await this.#pg.close();
  }
}
