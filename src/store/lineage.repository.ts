import type { CopySpec } from './bulk-insert.sql.js';
import type { SqlExecutor } from './db.js';

/** One source row that contributed to a registry record. */
export interface LineageEntry {
  phone_id: string;
  batch_id: string;
  source_system: string;
  source_record_id?: string | null;
  row_number?: number | null;
  seen_at?: Date;
}

export interface LineageRecord extends Required<LineageEntry> {
  lineage_id: string;
}

/**
 * Where each registry record came from.
 *
 * @example
 * const rows = await store.lineage.listByPhone('42'); // [{ batch_id, source_system, source_record_id, row_number, seen_at }]
 */
export interface LineageRepository {
  listByPhone(phone_id: string): Promise<LineageRecord[]>;
  /** Every lineage row of one batch in row order, a page at a time (batch-level quality). */
  iterateByBatch(batch_id: string, options?: { pageSize?: number }): AsyncIterable<LineageRecord>;
  /** The record each of these rows of a batch went into (row number → phone_id), for reprocessing. */
  phoneIdsOfRows(batch_id: string, row_numbers: readonly number[]): Promise<Map<number, string>>;
}

/** The COPY rows of lineage entries, for a change set. */
export function lineageCopy(entries: readonly LineageEntry[]): CopySpec<LineageEntry> {
  const now = new Date();
  return {
    table: 'phone_lineage',
    columns: [
      { name: 'phone_id', type: 'bigint', value: (e: LineageEntry) => e.phone_id },
      { name: 'batch_id', type: 'text', value: (e) => e.batch_id },
      { name: 'source_system', type: 'text', value: (e) => e.source_system },
      { name: 'source_record_id', type: 'text', value: (e) => e.source_record_id },
      { name: 'row_number', type: 'integer', value: (e) => e.row_number },
      {
        name: 'seen_at',
        type: 'timestamptz',
        value: (e) => e.seen_at ?? now,
      },
    ],
    rows: entries,
  };
}

/**
 * The PostgreSQL/PGlite implementation of `LineageRepository`.
 *
 * @example
 * const lineage = new SqlLineageRepository(db);
 */
export class SqlLineageRepository implements LineageRepository {
  readonly #db: SqlExecutor;

  constructor(db: SqlExecutor) {
    this.#db = db;
  }

  async *iterateByBatch(batch_id: string, options: { pageSize?: number } = {}): AsyncIterable<LineageRecord> {
    const pageSize = options.pageSize ?? 5000;
    let after = '0';
    for (;;) {
      const rows = await this.#db.query<LineageRecord>(
        `SELECT lineage_id::text AS lineage_id, phone_id::text AS phone_id, batch_id, source_system,
                source_record_id, row_number, seen_at
         FROM phone_lineage WHERE batch_id = $1 AND lineage_id > $2::bigint
         ORDER BY phone_lineage.lineage_id LIMIT $3::int`,
        [batch_id, after, pageSize],
      );
      for (const r of rows) yield { ...r, seen_at: new Date(r.seen_at) };
      if (rows.length < pageSize) return;
      after = (rows[rows.length - 1] as LineageRecord).lineage_id;
    }
  }

  async phoneIdsOfRows(batch_id: string, row_numbers: readonly number[]): Promise<Map<number, string>> {
    if (row_numbers.length === 0) return new Map();
    const rows = await this.#db.query<{ row_number: number; phone_id: string }>(
      `SELECT row_number, phone_id::text AS phone_id FROM phone_lineage
       WHERE batch_id = $1 AND row_number = ANY($2::int[]) ORDER BY lineage_id`,
      [batch_id, row_numbers],
    );
    return new Map(rows.map((r) => [r.row_number, r.phone_id]));
  }

  async listByPhone(phone_id: string): Promise<LineageRecord[]> {
    const rows = await this.#db.query<LineageRecord>(
      `SELECT lineage_id::text AS lineage_id, phone_id::text AS phone_id, batch_id, source_system,
              source_record_id, row_number, seen_at
       FROM phone_lineage WHERE phone_id = $1::bigint ORDER BY phone_lineage.lineage_id`,
      [phone_id],
    );
    return rows.map((r) => ({ ...r, seen_at: new Date(r.seen_at) }));
  }
}
