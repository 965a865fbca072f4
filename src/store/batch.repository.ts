import { randomUUID } from 'node:crypto';
import { PhonesetError } from '../core/errors.js';
import type { SqlExecutor } from './db.js';

export const BATCH_STATUSES = [
  'received',
  'processing',
  'completed',
  'failed',
  'quarantined',
  'accepted',
  'removed',
] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

/** A source batch's manifest row. */
export interface BatchManifest {
  batch_id: string;
  source: string;
  file_name: string | null;
  format: string | null;
  size_bytes: number | null;
  sha256: string | null;
  row_count: number | null;
  lake_path: string | null;
  status: BatchStatus;
  /** Import counts (inserted, updated, unchanged, rejected, duplicates, by_reason, …). */
  counts: Record<string, unknown>;
  /** Last source row whose effects are committed; an interrupted import resumes after it. */
  checkpoint_row: number;
  error: string | null;
  created_by: string | null;
  received_at: Date;
  completed_at: Date | null;
}

/** What a new manifest row needs; `batch_id` defaults to a random UUID. */
export interface NewBatch {
  batch_id?: string;
  source: string;
  file_name?: string | null;
  format?: string | null;
  size_bytes?: number | null;
  sha256?: string | null;
  row_count?: number | null;
  lake_path?: string | null;
  status?: BatchStatus;
  created_by?: string | null;
  received_at?: Date;
}

/** Fields a batch update may change. `completed_at` is set when the status becomes final, unless given. */
export interface BatchPatch {
  status?: BatchStatus;
  counts?: Record<string, unknown>;
  checkpoint_row?: number;
  row_count?: number;
  lake_path?: string;
  error?: string | null;
  completed_at?: Date | null;
}

/**
 * The manifest of received batches.
 *
 * @example
 * const batch = await store.batches.create({ source: 'crm_salesforce', file_name: 'a.csv', sha256, size_bytes });
 * await store.batches.update(batch.batch_id, { status: 'completed', counts });
 */
export interface BatchRepository {
  create(batch: NewBatch): Promise<BatchManifest>;
  get(batch_id: string): Promise<BatchManifest | undefined>;
  /** Batches with these exact bytes (re-import detection), newest first. */
  findBySha256(sha256: string): Promise<BatchManifest[]>;
  list(options?: { limit?: number; status?: BatchStatus; source?: string }): Promise<BatchManifest[]>;
  update(batch_id: string, patch: BatchPatch): Promise<BatchManifest>;
}

const COLUMNS = `batch_id, source, file_name, format, size_bytes::float8 AS size_bytes, sha256, row_count, lake_path,
  status, counts, checkpoint_row, error, created_by, received_at, completed_at`;

const FINAL: ReadonlySet<BatchStatus> = new Set([
  'completed',
  'failed',
  'quarantined',
  'accepted',
  'removed',
]);

function toManifest(row: BatchManifest): BatchManifest {
  return {
    ...row,
    size_bytes: row.size_bytes === null ? null : Number(row.size_bytes),
    received_at: new Date(row.received_at),
    completed_at: row.completed_at ? new Date(row.completed_at) : null,
  };
}

/**
 * Applies a patch to a batch row; shared by the repository and `applyChanges`.
 * Returns the updated row, or throws `STORE_NOT_FOUND`.
 */
export async function patchBatch(
  tx: SqlExecutor,
  batch_id: string,
  patch: BatchPatch,
): Promise<BatchManifest> {
  const sets: string[] = [];
  const params: unknown[] = [batch_id];
  const set = (column: string, value: unknown, cast = '') => {
    params.push(value);
    sets.push(`${column} = $${params.length}${cast}`);
  };
  if (patch.status !== undefined) set('status', patch.status);
  if (patch.counts !== undefined) set('counts', JSON.stringify(patch.counts), '::jsonb');
  if (patch.checkpoint_row !== undefined) set('checkpoint_row', patch.checkpoint_row, '::int');
  if (patch.row_count !== undefined) set('row_count', patch.row_count, '::int');
  if (patch.lake_path !== undefined) set('lake_path', patch.lake_path);
  if (patch.error !== undefined) set('error', patch.error);
  if (patch.completed_at !== undefined)
    set('completed_at', patch.completed_at?.toISOString() ?? null, '::timestamptz');
  else if (patch.status !== undefined)
    sets.push(FINAL.has(patch.status) ? 'completed_at = now()' : 'completed_at = NULL');
  const sql = sets.length
    ? `UPDATE source_batches SET ${sets.join(', ')} WHERE batch_id = $1 RETURNING ${COLUMNS}`
    : `SELECT ${COLUMNS} FROM source_batches WHERE batch_id = $1`;
  const [row] = await tx.query<BatchManifest>(sql, params);
  if (!row) throw new PhonesetError('STORE_NOT_FOUND', { what: 'Batch', id: batch_id });
  return toManifest(row);
}

/**
 * The PostgreSQL/PGlite implementation of `BatchRepository`.
 *
 * @example
 * const batches = new SqlBatchRepository(db);
 */
export class SqlBatchRepository implements BatchRepository {
  readonly #db: SqlExecutor;

  constructor(db: SqlExecutor) {
    this.#db = db;
  }

  async create(batch: NewBatch): Promise<BatchManifest> {
    const [row] = await this.#db.query<BatchManifest>(
      `INSERT INTO source_batches
         (batch_id, source, file_name, format, size_bytes, sha256, row_count, lake_path, status, created_by, received_at)
       VALUES ($1, $2, $3, $4, $5::bigint, $6, $7::int, $8, $9, $10, COALESCE($11::timestamptz, now()))
       RETURNING ${COLUMNS}`,
      [
        batch.batch_id ?? randomUUID(),
        batch.source,
        batch.file_name ?? null,
        batch.format ?? null,
        batch.size_bytes ?? null,
        batch.sha256 ?? null,
        batch.row_count ?? null,
        batch.lake_path ?? null,
        batch.status ?? 'received',
        batch.created_by ?? null,
        batch.received_at?.toISOString() ?? null,
      ],
    );
    return toManifest(row as BatchManifest);
  }

  async get(batch_id: string): Promise<BatchManifest | undefined> {
    const [row] = await this.#db.query<BatchManifest>(
      `SELECT ${COLUMNS} FROM source_batches WHERE batch_id = $1`,
      [batch_id],
    );
    return row ? toManifest(row) : undefined;
  }

  async findBySha256(sha256: string): Promise<BatchManifest[]> {
    const rows = await this.#db.query<BatchManifest>(
      `SELECT ${COLUMNS} FROM source_batches WHERE sha256 = $1 ORDER BY received_at DESC, batch_id`,
      [sha256],
    );
    return rows.map(toManifest);
  }

  async list(
    options: { limit?: number; status?: BatchStatus; source?: string } = {},
  ): Promise<BatchManifest[]> {
    const rows = await this.#db.query<BatchManifest>(
      `SELECT ${COLUMNS} FROM source_batches
       WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR source = $2)
       ORDER BY received_at DESC, batch_id LIMIT $3::int`,
      [options.status ?? null, options.source ?? null, options.limit ?? 100],
    );
    return rows.map(toManifest);
  }

  update(batch_id: string, patch: BatchPatch): Promise<BatchManifest> {
    return patchBatch(this.#db, batch_id, patch);
  }
}
