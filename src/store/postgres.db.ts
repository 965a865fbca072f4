import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFromStdin, to as copyToStdout } from 'pg-copy-streams';
import { PhonesetError } from '../core/errors.js';
import type { Db, SqlExecutor } from './db.js';

/** Removes the password from a connection URL, for messages. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'PostgreSQL (unparseable URL)';
  }
}

interface Client {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** `COPY … FROM STDIN` on one client (pg-copy-streams speaks the COPY sub-protocol). */
async function copyOn(client: pg.PoolClient, table: string, columns: readonly string[], data: Uint8Array) {
  const sink = client.query(copyFromStdin(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(async function* () {
    yield data;
  }, sink);
}

/** `COPY (query) TO STDOUT` on one client, collected as text. */
async function copyOutOn(client: pg.PoolClient, query: string): Promise<string> {
  const source = client.query(copyToStdout(`COPY (${query}) TO STDOUT`));
  const parts: Buffer[] = [];
  for await (const part of source) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

/** Runs `fn` on a client of its own, back in the pool afterwards. */
async function onClient<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await fn(client);
  } finally {
    client.release();
  }
}

function executor(
  client: Client,
  copy: SqlExecutor['copyFrom'],
  copyOut: SqlExecutor['copyTo'],
): SqlExecutor {
  return {
    async query<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
      return (await client.query(sql, params as unknown[])).rows as T[];
    },
    async exec(sql: string): Promise<void> {
      // Without parameters pg uses the simple query protocol, which runs several statements.
      await client.query(sql);
    },
    copyFrom: copy,
    copyTo: copyOut,
  };
}

/**
 * PostgreSQL through a `pg` connection pool. Transactions take one client from
 * the pool for their whole duration.
 *
 * @example
 * const db = await PostgresDb.open('postgres://postgres@127.0.0.1:5432/phoneset', 10);
 */
export class PostgresDb implements Db {
  readonly kind = 'postgres' as const;
  readonly target: string;
  readonly #pool: pg.Pool;
  readonly #exec: SqlExecutor;

  private constructor(pool: pg.Pool, target: string) {
    this.#pool = pool;
    this.target = target;
    this.#exec = executor(
      pool,
      (table, columns, text) => onClient(pool, (client) => copyOn(client, table, columns, text)),
      (query) => onClient(pool, (client) => copyOutOn(client, query)),
    );
  }

  /** Connects (and checks the connection) to PostgreSQL. */
  static async open(url: string, poolSize = 10): Promise<PostgresDb> {
    const target = redact(url);
    const pool = new pg.Pool({ connectionString: url, max: poolSize });
    // An idle client's network error must not crash the process; the next query reports it.
    pool.on('error', () => {});
    try {
      await pool.query('SELECT 1');
    } catch (error) {
      await pool.end().catch(() => {});
      throw new PhonesetError(
        'STORE_CONNECT_FAILED',
        { target, detail: (error as Error).message },
        { cause: error },
      );
    }
    return new PostgresDb(pool, target);
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

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(
        executor(
          client,
          (table, columns, text) => copyOn(client, table, columns, text),
          (query) => copyOutOn(client, query),
        ),
      );
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    if (!this.#pool.ended) await this.#pool.end();
  }
}
