/**
 * The database port the store is written against: just what its repositories
 * need (parameterised queries, multi-statement scripts, transactions), never a
 * driver's types. `PgliteDb` and `PostgresDb` implement it and run the same SQL.
 */
export interface SqlExecutor {
  /** Runs one parameterised statement (`$1`, `$2`, …) and returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Bulk-loads rows with `COPY table (columns) FROM …` in PostgreSQL's text format
   * (one line per row, tab-separated, `\N` for null; see `copyPayload`), as UTF-8 bytes.
   * The fastest way into either engine: PGlite reads it from a blob, PostgreSQL from the
   * COPY protocol.
   */
  copyFrom(table: string, columns: readonly string[], data: Uint8Array): Promise<void>;
  /**
   * Runs `COPY (query) TO …` and returns the rows in PostgreSQL's text format (parse them
   * with `parseCopyText`). For bulk reads: no per-row protocol messages, no JSON.
   */
  copyTo(query: string): Promise<string>;
}

/** Which engine is behind a `Db`. */
export type DbKind = 'pglite' | 'postgres';

/**
 * A connection (or pool) to one database.
 *
 * @example
 * const rows = await db.query<{ n: number }>('SELECT 1::int AS n');
 * await db.transaction(async (tx) => { await tx.query('INSERT …', [x]); });
 */
export interface Db extends SqlExecutor {
  readonly kind: DbKind;
  /** Human-readable target for messages, without credentials. */
  readonly target: string;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
