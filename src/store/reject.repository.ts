import type { KeyRing } from '../security/key-ring.js';
import { type CopySpec, copyIn, copyPayload } from './bulk-insert.sql.js';
import type { SqlExecutor } from './db.js';

/** A row that could not enter the registry. */
export interface RejectInput {
  batch_id: string;
  /** 1-based data row in the batch; null for API/stream input. */
  row_number: number | null;
  /** The source row's fields exactly as read (stored encrypted). */
  raw_values: Record<string, unknown>;
  /** Machine-readable reason codes. */
  reasons: string[];
}

export interface RejectRecord extends RejectInput {
  reject_id: string;
  created_at: Date;
}

/**
 * Rejected records, readable per batch in row order.
 *
 * @example
 * for await (const r of store.rejects.iterateByBatch(batchId)) csv.write(r);
 */
export interface RejectRepository {
  append(rejects: readonly RejectInput[]): Promise<number>;
  iterateByBatch(batch_id: string, options?: { pageSize?: number }): AsyncIterable<RejectRecord>;
  countByBatch(batch_id: string): Promise<number>;
}

const RAW_CONTEXT = 'reject';

/** Multi-row INSERT of rejects; the raw values are encrypted as one JSON envelope. */
export async function insertRejects(
  tx: SqlExecutor,
  ring: KeyRing,
  rejects: readonly RejectInput[],
): Promise<number> {
  return copyIn(tx, copyPayload(rejectCopy(ring, rejects)));
}

/** The COPY rows of rejected rows (raw values encrypted), for `insertRejects` or a prepared change set. */
export function rejectCopy(ring: KeyRing, rejects: readonly RejectInput[]): CopySpec<RejectInput> {
  return {
    table: 'rejected_records',
    columns: [
      { name: 'batch_id', type: 'text', value: (r: RejectInput) => r.batch_id },
      { name: 'row_number', type: 'integer', value: (r) => r.row_number },
      {
        name: 'raw_values',
        type: 'text',
        value: (r) => ring.encrypt(JSON.stringify(r.raw_values), RAW_CONTEXT),
      },
      { name: 'reasons', type: 'text[]', value: (r) => r.reasons },
    ],
    rows: rejects,
  };
}

/**
 * The PostgreSQL/PGlite implementation of `RejectRepository`.
 *
 * @example
 * const rejects = new SqlRejectRepository(db, keyring);
 */
export class SqlRejectRepository implements RejectRepository {
  readonly #db: SqlExecutor;
  readonly #ring: KeyRing;

  constructor(db: SqlExecutor, ring: KeyRing) {
    this.#db = db;
    this.#ring = ring;
  }

  append(rejects: readonly RejectInput[]): Promise<number> {
    return insertRejects(this.#db, this.#ring, rejects);
  }

  async *iterateByBatch(batch_id: string, options: { pageSize?: number } = {}): AsyncIterable<RejectRecord> {
    const pageSize = options.pageSize ?? 2000;
    let after = '0';
    for (;;) {
      const rows = await this.#db.query<{
        reject_id: string;
        batch_id: string;
        row_number: number | null;
        raw_values: string;
        reasons: string[];
        created_at: Date;
      }>(
        `SELECT reject_id::text AS reject_id, batch_id, row_number, raw_values, reasons, created_at
         FROM rejected_records WHERE batch_id = $1 AND reject_id > $2::bigint
         ORDER BY rejected_records.reject_id LIMIT $3::int`,
        [batch_id, after, pageSize],
      );
      for (const r of rows) {
        yield {
          ...r,
          raw_values: JSON.parse(this.#ring.decrypt(r.raw_values, RAW_CONTEXT)) as Record<string, unknown>,
          created_at: new Date(r.created_at),
        };
      }
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1]?.reject_id ?? after;
    }
  }

  async countByBatch(batch_id: string): Promise<number> {
    const [row] = await this.#db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM rejected_records WHERE batch_id = $1',
      [batch_id],
    );
    return row?.n ?? 0;
  }
}
