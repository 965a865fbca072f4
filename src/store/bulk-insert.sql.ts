import type { SqlExecutor } from './db.js';

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
  /**
   * The value `bulkInsert` loads with COPY, for a column whose `expr` transforms the read
   * value (COPY cannot run SQL per value): e.g. the bytes themselves for `decode($v, 'hex')`.
   */
  copy?: (row: R) => unknown;
}

const COPY_SPECIAL = /[\\\n\r\t]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeCopy(text: string): string {
  return COPY_SPECIAL.test(text) ? text.replace(/[\\\n\r\t]/g, (c) => COPY_ESCAPES[c] as string) : text;
}

/** An array literal (`{"a","b"}`) with every element quoted, for text[] columns. */
function arrayLiteral(values: readonly unknown[]): string {
  const items = values.map((v) =>
    v === null || v === undefined ? 'NULL' : `"${String(v).replace(/[\\"]/g, '\\$&')}"`,
  );
  return `{${items.join(',')}}`;
}

/**
 * One value in PostgreSQL's COPY text format: `\N` for null, `t`/`f`, ISO timestamps,
 * `\\x…` for bytes, array literals for arrays, JSON text for objects; backslash, tab,
 * newline and carriage return escaped. Written here because the format is a few lines and
 * neither driver exposes an encoder for it.
 *
 * @example
 * copyValue(['crm', 'web']); // '{"crm","web"}'
 */
export function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  switch (typeof value) {
    case 'string':
      return escapeCopy(value);
    case 'number':
    case 'bigint':
      return String(value);
    case 'boolean':
      return value ? 't' : 'f';
  }
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) {
    return `\\\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
  }
  if (Array.isArray(value)) return escapeCopy(arrayLiteral(value));
  return escapeCopy(JSON.stringify(value));
}

/** Rows bound for one table with their columns: what `copyPayload` encodes. */
export interface CopySpec<R> {
  table: string;
  columns: readonly BulkColumn<R>[];
  rows: readonly R[];
}

/** Rows of one table as COPY text (UTF-8 bytes), built (values encrypted and encoded) ahead of sending. */
export interface CopyPayload {
  table: string;
  columns: string[];
  data: Uint8Array;
  rows: number;
}

/**
 * Encodes rows as the COPY text of `table` (pure CPU: every column's value, encryption
 * included). `copyIn` sends it; building it apart lets a caller do the work before it opens
 * a transaction, while the database is still busy with the one before.
 *
 * @example
 * const payload = copyPayload({ table: 'phone_lineage', columns, rows: entries });
 * await copyIn(tx, payload);
 */
export function copyPayload<R>({ table, columns, rows }: CopySpec<R>): CopyPayload {
  const out = new CopyBytes(rows.length);
  encodeRows(readersOf(table, columns), rows, 0, rows.length, out);
  return payloadOf(table, columns, rows.length, out);
}

// Rows encoded between two yields to the event loop (about a millisecond of work).
const YIELD_EVERY = 256;

/**
 * `copyPayload` in slices, yielding to the event loop between them: a long encode (thousands
 * of rows, each encrypted) then never holds up the replies of a database working meanwhile,
 * whose next statement this thread must send.
 *
 * @example
 * const payload = await copyPayloadYielding({ table: 'phone_audit_trail', columns, rows: entries });
 */
export async function copyPayloadYielding<R>({ table, columns, rows }: CopySpec<R>): Promise<CopyPayload> {
  const read = readersOf(table, columns);
  const out = new CopyBytes(rows.length);
  for (let from = 0; from < rows.length; from += YIELD_EVERY) {
    encodeRows(read, rows, from, Math.min(rows.length, from + YIELD_EVERY), out);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return payloadOf(table, columns, rows.length, out);
}

/**
 * COPY lines written straight into one growing UTF-8 buffer: what both engines read, with
 * no array of line strings, no joined string and no second encoding pass before sending.
 */
class CopyBytes {
  #buf: Buffer;
  #length = 0;

  constructor(rows: number) {
    this.#buf = Buffer.allocUnsafe(Math.max(1024, rows * 256));
  }

  line(text: string): void {
    // A UTF-16 unit is at most 3 bytes of UTF-8; one more for the newline.
    const room = text.length * 3 + 1;
    if (this.#length + room > this.#buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.#buf.length * 2, this.#length + room));
      this.#buf.copy(grown, 0, 0, this.#length);
      this.#buf = grown;
    }
    this.#length += this.#buf.write(text, this.#length, 'utf8');
    this.#buf[this.#length++] = 0x0a;
  }

  bytes(): Uint8Array {
    return this.#buf.subarray(0, this.#length);
  }
}

/** Each column's COPY value reader, in column order. */
function readersOf<R>(table: string, columns: readonly BulkColumn<R>[]): ((row: R) => unknown)[] {
  return columns.map((c) => {
    if (c.expr && !c.copy)
      throw new Error(`bulkInsert: column ${table}.${c.name} has an expr and no copy value`);
    return (c.copy ?? c.value) as (row: R) => unknown;
  });
}

function encodeRows<R>(
  read: readonly ((row: R) => unknown)[],
  rows: readonly R[],
  from: number,
  to: number,
  out: CopyBytes,
): void {
  for (let i = from; i < to; i++) {
    const row = rows[i] as R;
    let line = copyValue((read[0] as (r: R) => unknown)(row));
    for (let j = 1; j < read.length; j++) line += `\t${copyValue((read[j] as (r: R) => unknown)(row))}`;
    out.line(line);
  }
}

function payloadOf<R>(
  table: string,
  columns: readonly BulkColumn<R>[],
  rows: number,
  out: CopyBytes,
): CopyPayload {
  return { table, columns: columns.map((c) => c.name), data: out.bytes(), rows };
}

/** Sends a built payload with one COPY; returns its row count. */
export async function copyIn(tx: SqlExecutor, payload: CopyPayload): Promise<number> {
  if (payload.rows === 0) return 0;
  await tx.copyFrom(payload.table, payload.columns, payload.data);
  return payload.rows;
}

/**
 * Inserts rows with one COPY (see `SqlExecutor.copyFrom`): several times cheaper than a
 * multi-row INSERT on both engines, and the rows never travel as a query parameter.
 * Plain inserts only: a write that needs ON CONFLICT or RETURNING uses `bulkInsertSql`.
 *
 * @example
 * await bulkInsert(tx, 'phone_lineage', columns, entries);
 */
export async function bulkInsert<R>(
  tx: SqlExecutor,
  table: string,
  columns: readonly BulkColumn<R>[],
  rows: readonly R[],
): Promise<number> {
  if (rows.length === 0) return 0;
  return copyIn(tx, copyPayload({ table, columns, rows }));
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

const UNESCAPES: Record<string, string> = {
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};

function unescapeCopy(field: string): string | null {
  if (field === '\\N') return null;
  if (!field.includes('\\')) return field;
  return field.replace(/\\(.)/g, (_m, c: string) => UNESCAPES[c] ?? c);
}

/**
 * Rows of a `COPY … TO` in text format, one at a time: an array of fields per line, `null`
 * for `\N`, escapes undone. Values stay text: the query casts what needs casting (arrays as
 * JSON, timestamps as epoch milliseconds) so that the caller parses them without guessing.
 * Lazy, so that a page of rows never exists as arrays all at once (they die young).
 *
 * @example
 * [...parseCopyText('1\tana\n2\t\\N\n')]; // [['1', 'ana'], ['2', null]]
 */
export function* parseCopyText(text: string): Generator<(string | null)[]> {
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    yield text.slice(start, end).split('\t').map(unescapeCopy);
    start = end + 1;
  }
}
