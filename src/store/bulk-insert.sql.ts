/**
 * One column of a multi-row write. Rows travel as one JSON document
 * (`json_to_recordset($1::json)`), so a chunk of any size is one statement with
 * one parameter, the same on PGlite and PostgreSQL. JSON rather than one array
 * parameter per column: on PGlite, serialising dozens of large arrays in
 * JavaScript costs more than the insert; one `JSON.stringify` and PostgreSQL's
 * own JSON parser cost far less.
 */
export interface BulkColumn<R> {
  name: string;
  /** SQL type the JSON value is read as (`text`, `bigint`, `boolean`, `text[]`, `timestamptz`, …). */
  type: string;
  /** SQL turning the read value `$v` into the column value (default: the value itself). */
  expr?: string;
  value: (row: R) => unknown;
}

/**
 * The recordset of rows as SQL (`json_to_recordset($n::json) AS u(c0 type, …)`),
 * the select list over it, and the JSON parameter.
 *
 * @example
 * const { from, select, param } = bulkRecordset(columns, rows, 1);
 * await tx.query(`UPDATE t SET … FROM ${from} WHERE t.id = u.c0`, [param]);
 */
export function bulkRecordset<R>(
  columns: readonly BulkColumn<R>[],
  rows: readonly R[],
  paramIndex = 1,
): { from: string; select: string[]; param: string } {
  const records = rows.map((r) => {
    const o: Record<string, unknown> = {};
    for (let i = 0; i < columns.length; i++) o[`c${i}`] = (columns[i] as BulkColumn<R>).value(r) ?? null;
    return o;
  });
  const defs = columns.map((c, i) => `c${i} ${c.type}`).join(', ');
  return {
    from: `json_to_recordset($${paramIndex}::json) AS u(${defs})`,
    select: columns.map((c, i) => (c.expr ? c.expr.replaceAll('$v', `u.c${i}`) : `u.c${i}`)),
    param: JSON.stringify(records),
  };
}

/**
 * Builds `INSERT INTO table (cols) SELECT … FROM json_to_recordset($1)` and its
 * parameter for a list of rows.
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
): { sql: string; params: unknown[] } {
  const { from, select, param } = bulkRecordset(columns, rows);
  const sql = `INSERT INTO ${table} (${columns.map((c) => c.name).join(', ')})
SELECT ${select.join(', ')} FROM ${from} ${suffix}`;
  return { sql, params: [param] };
}
