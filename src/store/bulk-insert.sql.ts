/**
 * One column of a multi-row write: values travel as one array parameter per
 * column (`unnest($1::text[], $2::int[], …)`), so a chunk of any size is one
 * statement with a fixed number of parameters, the same on PGlite and PostgreSQL.
 */
export interface BulkColumn<R> {
  name: string;
  /** Element type of the array parameter (`text`, `bigint`, `boolean`, `double precision`, `timestamptz`, …). */
  type: string;
  /** SQL turning the unnested value `$v` into the column value (default: the value itself). */
  expr?: string;
  value: (row: R) => unknown;
}

/**
 * Builds `INSERT INTO table (cols) SELECT … FROM unnest($1::t1[], …)` and its
 * parameters for a list of rows.
 *
 * @example
 * const { sql, params } = bulkInsertSql('blacklist', columns, rows);
 * await tx.query(sql, params);
 */
export function bulkInsertSql<R>(
  table: string,
  columns: readonly BulkColumn<R>[],
  rows: readonly R[],
  suffix = '',
): { sql: string; params: unknown[][] } {
  const params = columns.map((c) => rows.map((r) => c.value(r) ?? null));
  const args = columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
  const aliases = columns.map((_, i) => `c${i}`);
  const select = columns.map((c, i) => (c.expr ? c.expr.replaceAll('$v', `u.c${i}`) : `u.c${i}`)).join(', ');
  const sql = `INSERT INTO ${table} (${columns.map((c) => c.name).join(', ')})
SELECT ${select} FROM unnest(${args}) AS u(${aliases.join(', ')}) ${suffix}`;
  return { sql, params };
}
