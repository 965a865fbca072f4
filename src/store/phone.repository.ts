import { escapeLiteral } from 'pg';
import { PhonesetError } from '../core/errors.js';
import type { PhoneRecord, SourceSystem } from '../core/registry/phone-record.js';
import type { KeyRing } from '../security/key-ring.js';
import { type CopyPayload, type CopySpec, copyIn, copyPayload, parseCopyText } from './bulk-insert.sql.js';
import type { SqlExecutor } from './db.js';
import {
  PHONE_COLUMNS,
  PHONE_CONTEXT,
  type PhoneRow,
  phoneWriteColumns,
  rowToRecord,
  UNKNOWN_COUNTRY,
} from './phone-row.js';
import { selectJson } from './select-json.sql.js';

/** The natural key of a registry record: a customer and an E.164 number (plaintext; hashed by the store). */
export interface PhoneKey {
  customer_id: string;
  phone_number: string;
}

/** Which registry records to read. Every field narrows; none means all live records. */
export interface PhoneFilter {
  customer_id?: string;
  /** ISO alpha-2; `null` selects numbers with no known country. */
  country_code?: string | null;
  phone_type?: string;
  /** Records that this source has sent (any of `sources`). */
  source?: SourceSystem;
  verified_only?: boolean;
  valid_only?: boolean;
  updated_since?: Date;
  /** Also soft-deleted (erased/hidden) records. Default false. */
  include_deleted?: boolean;
  /** Only records not merged into another (masters and singletons). Default false. */
  masters_only?: boolean;
}

/**
 * Reads of the master registry. Numbers go in and come out decrypted; writes
 * go through `Store.applyChanges` so that a chunk is atomic with its audit,
 * lineage and events.
 *
 * @example
 * const existing = await store.phones.findByKeys([{ customer_id: 'C1', phone_number: '+573001234567' }]);
 * for await (const record of store.phones.iterate({ country_code: 'CO' })) { … }
 */
export interface PhoneRepository {
  /** Reserves `count` new phone ids (for inserts in the next `applyChanges`). */
  reserveIds(count: number): Promise<string[]>;
  /** The records for these keys, in one query (deleted ones included, so callers can revive or skip). */
  findByKeys(keys: readonly PhoneKey[]): Promise<PhoneRecord[]>;
  /** Every customer's record of one number (shared numbers). */
  findByNumber(phone_number: string, options?: { include_deleted?: boolean }): Promise<PhoneRecord[]>;
  get(phone_id: string): Promise<PhoneRecord | undefined>;
  listByCustomer(customer_id: string, options?: { include_deleted?: boolean }): Promise<PhoneRecord[]>;
  /**
   * The records of a few customers (API lookups), ordered by customer, primary first, then
   * phone_id; live ones only unless `include_deleted`. One call for many customers costs far
   * less than one per customer (see migration 0011).
   */
  lookupCustomers(
    customer_ids: readonly string[],
    options?: { include_deleted?: boolean },
  ): Promise<PhoneRecord[]>;
  /** Every record of these customers, deleted ones included, in one query (an import chunk's registry state). */
  listByCustomers(customer_ids: readonly string[]): Promise<PhoneRecord[]>;
  /**
   * `listByCustomers`, and which of those records batch `batch_id` has already contributed to
   * (a lineage row from it: within-batch duplicates), in the same query.
   */
  listByCustomersInBatch(
    customer_ids: readonly string[],
    batch_id: string,
  ): Promise<{ records: PhoneRecord[]; seenInBatch: Set<string> }>;
  /**
   * Streams matching records in phone_id order (or `orderBy: 'customer_id'`: by customer, then
   * phone_id), one page at a time (flat memory on any size).
   */
  iterate(
    filter?: PhoneFilter,
    options?: { pageSize?: number; afterId?: string; orderBy?: 'phone_id' | 'customer_id' },
  ): AsyncIterable<PhoneRecord>;
  count(filter?: PhoneFilter): Promise<number>;
  /**
   * Every live record (or every one, with `include_deleted`), in no particular order, as
   * fast as the engine hands rows out: COPY pages over ranges of the id space, each a
   * primary-key range scan with no sort. For whole-registry passes (dedupe); `iterate`
   * for ordered or selective reads.
   */
  scan(
    filter?: Pick<PhoneFilter, 'include_deleted' | 'masters_only'>,
    options?: { rangeSize?: number },
  ): AsyncIterable<PhoneRecord>;
}

// The scan's COPY columns: arrays as JSON and times as epoch milliseconds, so that the
// text rows parse without guessing at PostgreSQL's output styles.
const SCAN_COLUMNS = `phone_id, customer_id, phone_number, phone_type, NULLIF(country_code, '${UNKNOWN_COUNTRY}'),
  carrier, region, timezone, is_valid, is_primary, is_verified, verification_method, confidence_score,
  source_system, array_to_json(sources), times_seen, array_to_json(issues), merged_into,
  (extract(epoch FROM created_at) * 1000)::bigint, (extract(epoch FROM updated_at) * 1000)::bigint,
  (extract(epoch FROM deleted_at) * 1000)::bigint`;

/**
 * Whole records by phone id with `COPY … TO` (see `scan`): for reads of tens of thousands of
 * ids at once (merge sets), several times cheaper than a JSON result. `forUpdate` locks the
 * rows (inside a transaction). Ids must be decimal digits: they are written into the SQL.
 *
 * @example
 * const byId = await readPhonesById(tx, ring, ids, { forUpdate: true });
 */
export async function readPhonesById(
  db: SqlExecutor,
  ring: KeyRing,
  ids: readonly string[],
  options: { forUpdate?: boolean } = {},
): Promise<Map<string, PhoneRecord>> {
  const out = new Map<string, PhoneRecord>();
  for (let i = 0; i < ids.length; i += ID_SLICE) {
    const part = ids.slice(i, i + ID_SLICE);
    for (const id of part) {
      if (!/^\d{1,19}$/.test(id)) {
        throw new PhonesetError('STORE_BAD_VALUE', {
          field: 'phone_id',
          detail: `"${id}" is not a phone id`,
        });
      }
    }
    const text = await db.copyTo(
      `SELECT ${SCAN_COLUMNS} FROM customer_phones WHERE phone_id = ANY('{${part.join(',')}}'::bigint[])${
        options.forUpdate ? ' FOR UPDATE' : ''
      }`,
    );
    for (const fields of parseCopyText(text)) {
      const record = scannedRecord(fields, ring);
      out.set(record.phone_id, record);
    }
  }
  return out;
}

const ID_SLICE = 10_000;

function scannedRecord(f: (string | null)[], ring: KeyRing): PhoneRecord {
  const text = (i: number): string => f[i] as string;
  const time = (i: number): Date | null => (f[i] === null ? null : new Date(Number(f[i])));
  return {
    phone_id: text(0),
    customer_id: text(1),
    phone_number: ring.decrypt(text(2), PHONE_CONTEXT),
    phone_type: text(3) as PhoneRecord['phone_type'],
    country_code: f[4] ?? null,
    carrier: f[5] ?? null,
    region: f[6] ?? null,
    timezone: f[7] ?? null,
    is_valid: f[8] === 't',
    is_primary: f[9] === 't',
    is_verified: f[10] === 't',
    verification_method: f[11] ?? null,
    confidence_score: Number(f[12]),
    source_system: text(13) as SourceSystem,
    sources: JSON.parse(text(14)) as SourceSystem[],
    times_seen: Number(f[15]),
    issues: JSON.parse(text(16)) as string[],
    merged_into: f[17] ?? null,
    created_at: time(18) as Date,
    updated_at: time(19) as Date,
    deleted_at: time(20),
  };
}

function whereOf(filter: PhoneFilter, params: unknown[]): string {
  const clauses: string[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    clauses.push(sql.replace('?', `$${params.length}`));
  };
  if (!filter.include_deleted) clauses.push('deleted_at IS NULL');
  if (filter.masters_only) clauses.push('merged_into IS NULL');
  // The natural-key index is in byte order (migration 0009): a lookup must name that
  // collation to use it (equality is the same in every deterministic collation).
  if (filter.customer_id !== undefined) add('customer_id COLLATE "C" = ?', filter.customer_id);
  if (filter.country_code !== undefined)
    add('country_code = ?', filter.country_code?.toUpperCase() ?? UNKNOWN_COUNTRY);
  if (filter.phone_type !== undefined) add('phone_type = ?', filter.phone_type);
  if (filter.source !== undefined) add('? = ANY(sources)', filter.source);
  if (filter.verified_only) clauses.push('is_verified');
  if (filter.valid_only) clauses.push('is_valid');
  if (filter.updated_since !== undefined) add('updated_at >= ?', filter.updated_since.toISOString());
  return clauses.length ? clauses.join(' AND ') : 'TRUE';
}

/**
 * The PostgreSQL/PGlite implementation of `PhoneRepository`.
 *
 * @example
 * const phones = new SqlPhoneRepository(db, keyring);
 */
export class SqlPhoneRepository implements PhoneRepository {
  readonly #db: SqlExecutor;
  readonly #ring: KeyRing;

  constructor(db: SqlExecutor, ring: KeyRing) {
    this.#db = db;
    this.#ring = ring;
  }

  async reserveIds(count: number): Promise<string[]> {
    if (count <= 0) return [];
    // One text value rather than a row per id: a chunk's 5,000 ids came back three times
    // faster from the embedded engine (6.5 against 20 ms), which decodes every row in JavaScript.
    const [row] = await this.#db.query<{ ids: string }>(
      `SELECT array_to_string(array(
         SELECT nextval('customer_phones_phone_id_seq') FROM generate_series(1, $1::int)
       ), ',') AS ids`,
      [count],
    );
    return (row?.ids ?? '').split(',');
  }

  async findByKeys(keys: readonly PhoneKey[]): Promise<PhoneRecord[]> {
    if (keys.length === 0) return [];
    const rows = await selectJson<PhoneRow>(
      this.#db,
      `SELECT ${PHONE_COLUMNS} FROM customer_phones
       JOIN unnest($1::text[], $2::text[]) AS k(key_customer_id, key_hash)
         ON customer_id = key_customer_id AND phone_hash = decode(key_hash, 'hex')`,
      [
        keys.map((k) => k.customer_id),
        keys.map((k) => this.#ring.blindIndex(k.phone_number).toString('hex')),
      ],
    );
    return rows.map((r) => rowToRecord(r, this.#ring));
  }

  async findByNumber(
    phone_number: string,
    options: { include_deleted?: boolean } = {},
  ): Promise<PhoneRecord[]> {
    const rows = await selectJson<PhoneRow>(
      this.#db,
      `SELECT ${PHONE_COLUMNS} FROM customer_phones
       WHERE phone_hash = decode($1, 'hex') ${options.include_deleted ? '' : 'AND deleted_at IS NULL'}
       ORDER BY customer_phones.phone_id`,
      [this.#ring.blindIndex(phone_number).toString('hex')],
      't.phone_id::bigint',
    );
    return rows.map((r) => rowToRecord(r, this.#ring));
  }

  async get(phone_id: string): Promise<PhoneRecord | undefined> {
    const [row] = await selectJson<PhoneRow>(
      this.#db,
      `SELECT ${PHONE_COLUMNS} FROM customer_phones WHERE phone_id = $1::bigint`,
      [phone_id],
    );
    return row ? rowToRecord(row, this.#ring) : undefined;
  }

  listByCustomer(customer_id: string, options: { include_deleted?: boolean } = {}): Promise<PhoneRecord[]> {
    return this.lookupCustomers([customer_id], options);
  }

  async lookupCustomers(
    customer_ids: readonly string[],
    options: { include_deleted?: boolean } = {},
  ): Promise<PhoneRecord[]> {
    // PostgreSQL text cannot hold NUL, so no customer has such an id (and SQL text cannot carry one).
    const wanted = customer_ids.filter((id) => !id.includes('\u0000'));
    if (wanted.length === 0) return [];
    // Through customers_phones_json (migration 0011), whose plan the session keeps: the API
    // runs this on every customer read. The ids go as escaped literals (pg's escapeLiteral),
    // so the statement has no parameters and the embedded engine runs it in one message.
    const ids = wanted.map((id) => escapeLiteral(id)).join(',');
    const [row] = await this.#db.query<{ j: string }>(
      `SELECT customers_phones_json(ARRAY[${ids}]::text[], ${options.include_deleted ? 'true' : 'false'}) AS j`,
    );
    const rows = JSON.parse(row?.j ?? '[]') as PhoneRow[];
    return rows.map((r) => rowToRecord(r, this.#ring));
  }

  async listByCustomers(customer_ids: readonly string[]): Promise<PhoneRecord[]> {
    if (customer_ids.length === 0) return [];
    const rows = await selectJson<PhoneRow>(
      this.#db,
      `SELECT ${PHONE_COLUMNS} FROM customer_phones WHERE customer_id COLLATE "C" = ANY($1::text[])`,
      [customer_ids],
      't.customer_id, t.phone_id::bigint',
    );
    return rows.map((r) => rowToRecord(r, this.#ring));
  }

  async listByCustomersInBatch(
    customer_ids: readonly string[],
    batch_id: string,
  ): Promise<{ records: PhoneRecord[]; seenInBatch: Set<string> }> {
    const seenInBatch = new Set<string>();
    if (customer_ids.length === 0) return { records: [], seenInBatch };
    const rows = await selectJson<PhoneRow & { seen: boolean }>(
      this.#db,
      // The batch check is a LATERAL probe of lineage's phone_id index per record. Written as
      // EXISTS, the planner hashes the whole batch's lineage for every chunk, once per partition:
      // a cost that grows with the batch, so an import slowed down as it went.
      `SELECT ${PHONE_COLUMNS}, s.seen IS NOT NULL AS seen
       FROM customer_phones
       LEFT JOIN LATERAL (
         SELECT true AS seen FROM phone_lineage l
         WHERE l.phone_id = customer_phones.phone_id AND l.batch_id = $2 LIMIT 1
       ) s ON true
       WHERE customer_id COLLATE "C" = ANY($1::text[])`,
      [customer_ids, batch_id],
      't.customer_id, t.phone_id::bigint',
    );
    const records = rows.map(({ seen, ...row }) => {
      if (seen) seenInBatch.add(row.phone_id);
      return rowToRecord(row, this.#ring);
    });
    return { records, seenInBatch };
  }

  async *iterate(
    filter: PhoneFilter = {},
    options: { pageSize?: number; afterId?: string; orderBy?: 'phone_id' | 'customer_id' } = {},
  ): AsyncIterable<PhoneRecord> {
    const pageSize = options.pageSize ?? 2000;
    if (options.orderBy === 'customer_id') {
      // Keyset on (customer_id, phone_id): per-customer consumers (quality) read in flat memory.
      // Byte order ("C") on both sides, so the database agrees with JavaScript's string order;
      // the bare `customer_id >= …` lets each page start with a range scan of the "C"-ordered
      // natural-key index (migration 0009) instead of sorting the whole registry.
      let afterCustomer = '';
      let afterPhone = '0';
      for (;;) {
        const params: unknown[] = [];
        const where = whereOf(filter, params);
        params.push(afterCustomer, afterPhone, pageSize);
        const n = params.length;
        const rows = await selectJson<PhoneRow>(
          this.#db,
          `SELECT ${PHONE_COLUMNS} FROM customer_phones
           WHERE ${where} AND customer_id COLLATE "C" >= $${n - 2}::text
             AND (customer_id COLLATE "C", phone_id) > ($${n - 2}::text COLLATE "C", $${n - 1}::bigint)
           ORDER BY customer_phones.customer_id COLLATE "C", customer_phones.phone_id LIMIT $${n}::int`,
          params,
          't.customer_id COLLATE "C", t.phone_id::bigint',
        );
        for (const row of rows) yield rowToRecord(row, this.#ring);
        if (rows.length < pageSize) return;
        const last = rows[rows.length - 1] as PhoneRow;
        afterCustomer = last.customer_id;
        afterPhone = last.phone_id;
      }
    }
    let after = options.afterId ?? '0';
    for (;;) {
      const params: unknown[] = [];
      const where = whereOf(filter, params);
      params.push(after, pageSize);
      // Keyset pagination on the primary key: each page is an index range scan,
      // however deep into the registry it starts.
      const rows = await selectJson<PhoneRow>(
        this.#db,
        `SELECT ${PHONE_COLUMNS} FROM customer_phones
         WHERE ${where} AND phone_id > $${params.length - 1}::bigint
         ORDER BY customer_phones.phone_id LIMIT $${params.length}::int`,
        params,
        't.phone_id::bigint',
      );
      for (const row of rows) yield rowToRecord(row, this.#ring);
      if (rows.length < pageSize) return;
      after = (rows[rows.length - 1] as PhoneRow).phone_id;
    }
  }

  async *scan(
    filter: Pick<PhoneFilter, 'include_deleted' | 'masters_only'> = {},
    options: { rangeSize?: number } = {},
  ): AsyncIterable<PhoneRecord> {
    const step = BigInt(options.rangeSize ?? 50_000);
    const [bounds] = await this.#db.query<{ lo: string | null; hi: string | null }>(
      'SELECT min(phone_id)::text AS lo, max(phone_id)::text AS hi FROM customer_phones',
    );
    if (!bounds?.lo || !bounds.hi) return;
    // No user value reaches this SQL (COPY takes no parameters): only fixed clauses and bigints.
    const where = whereOf({ include_deleted: filter.include_deleted, masters_only: filter.masters_only }, []);
    const hi = BigInt(bounds.hi);
    const page = (from: bigint): Promise<string> =>
      this.#db.copyTo(
        `SELECT ${SCAN_COLUMNS} FROM customer_phones
         WHERE ${where} AND phone_id > ${from} AND phone_id <= ${from + step}`,
      );
    // The next range is read (by the database, or its worker thread) while this one is
    // parsed and decrypted here.
    let from = BigInt(bounds.lo) - 1n;
    let next: Promise<string> | undefined = page(from);
    while (next) {
      const text: string = await next;
      from += step;
      next = from < hi ? page(from) : undefined;
      next?.catch(() => undefined);
      for (const fields of parseCopyText(text)) yield scannedRecord(fields, this.#ring);
    }
  }

  async count(filter: PhoneFilter = {}): Promise<number> {
    const params: unknown[] = [];
    const [row] = await this.#db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM customer_phones WHERE ${whereOf(filter, params)}`,
      params,
    );
    return row?.n ?? 0;
  }
}

/** The COPY rows of new registry records (numbers encrypted, blind indexes computed, when encoded). */
export function phoneInsertCopy(ring: KeyRing, records: readonly PhoneRecord[]): CopySpec<PhoneRecord> {
  return { table: 'customer_phones', columns: phoneWriteColumns(ring), rows: records };
}

const UPDATE_SLICE = 10_000;

/**
 * The staging rows of whole-record updates: slices for `phone_updates`, so that no COPY text
 * grows past a few megabytes (see `updatePhones`).
 */
export function phoneUpdateCopies(ring: KeyRing, records: readonly PhoneRecord[]): CopySpec<PhoneRecord>[] {
  const columns = phoneWriteColumns(ring).filter((c) => c.name !== 'created_at');
  const out: CopySpec<PhoneRecord>[] = [];
  for (let i = 0; i < records.length; i += UPDATE_SLICE) {
    out.push({ table: 'phone_updates', columns, rows: records.slice(i, i + UPDATE_SLICE) });
  }
  return out;
}

/**
 * Multi-row UPDATE of whole registry records, matched by phone_id: the new rows are
 * COPYed into a transaction-scoped staging table, then one UPDATE … FROM joins it. A
 * changed country moves the row to its partition (PostgreSQL does that on UPDATE). Must
 * run inside a transaction (the staging table is dropped at commit).
 */
export async function updatePhones(
  tx: SqlExecutor,
  ring: KeyRing,
  records: readonly PhoneRecord[],
): Promise<number> {
  return runPhoneUpdates(tx, phoneUpdateCopies(ring, records).map(copyPayload));
}

/** `updatePhones` with its staging payloads already built. Returns the rows updated. */
export async function runPhoneUpdates(tx: SqlExecutor, payloads: readonly CopyPayload[]): Promise<number> {
  const first = payloads[0];
  if (!first) return 0;
  const names = first.columns.join(', ');
  await tx.exec(
    `CREATE TEMP TABLE IF NOT EXISTS phone_updates ON COMMIT DROP AS SELECT ${names} FROM customer_phones WITH NO DATA;
     TRUNCATE phone_updates;`,
  );
  for (const payload of payloads) await copyIn(tx, payload);
  // Row counts for the planner: a join by primary-key lookups, not a scan of the registry.
  await tx.exec('ANALYZE phone_updates');
  const sets = first.columns
    .filter((name) => name !== 'phone_id')
    .map((name) => `${name} = u.${name}`)
    .join(', ');
  const [row] = await tx.query<{ n: number }>(
    `WITH changed AS (
       UPDATE customer_phones p SET ${sets} FROM phone_updates u WHERE p.phone_id = u.phone_id RETURNING 1
     ) SELECT count(*)::int AS n FROM changed`,
  );
  return row?.n ?? 0;
}
