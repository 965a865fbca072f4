import { PhonesetError } from '../core/errors.js';
import type { KeyRing } from '../security/key-ring.js';
import { type AuditEntry, insertAudits } from './audit.repository.js';
import { type BatchPatch, patchBatch } from './batch.repository.js';
import type { Db, SqlExecutor } from './db.js';
import { insertOutbox, type OutboxEventInput } from './outbox.repository.js';

/** How a quarantine ended. */
export type QuarantineResolution = 'accepted' | 'reprocessed' | 'removed';

/** One failed expectation of a quarantined batch, as people read it. */
export interface QuarantineFailure {
  expectation: string;
  severity: string;
  observed: number | null;
  threshold: number | null;
  /** How many rows (or customers) fail it. */
  failing: number;
  message: string;
}

/** A batch kept out of the registry by its quality checks, and how that ended. */
export interface QuarantineRecord {
  batch_id: string;
  quarantined_at: Date;
  quarantined_by: string;
  suite_file: string | null;
  /** One line naming the failed expectations. */
  reason: string;
  failures: QuarantineFailure[];
  /** The batch's evaluation (metrics, grade, results with failing row numbers; no phone number). */
  evaluation: Record<string, unknown>;
  /** What the merge would have done with the batch's rows (received, inserted, rejected, …). */
  counts: Record<string, unknown>;
  resolution: QuarantineResolution | null;
  resolved_by: string | null;
  resolved_at: Date | null;
  resolution_reason: string | null;
}

/** What quarantining a batch writes, in one transaction. */
export interface QuarantineInput {
  batch_id: string;
  quarantined_by: string;
  suite_file: string | null;
  reason: string;
  failures: readonly QuarantineFailure[];
  evaluation: Record<string, unknown>;
  counts: Record<string, unknown>;
  /** The batch row's new state (status `quarantined`, counts, error). */
  batch: BatchPatch;
  audit: AuditEntry;
  event: OutboxEventInput;
}

/** What ending a quarantine writes, in one transaction. */
export interface QuarantineResolutionInput {
  resolution: QuarantineResolution;
  resolved_by: string;
  reason: string;
  /** The batch row's new state (`processing` to be merged from the lake, or `removed`). */
  batch: BatchPatch;
  audit: AuditEntry;
  event: OutboxEventInput;
}

/**
 * Quarantined batches. Each write is one transaction: the quarantine row, the batch's status,
 * its audit row and its outbox event are committed together or not at all (write, audit,
 * then publish: the event reaches consumers only once the rest is committed).
 *
 * @example
 * await store.quarantine.quarantine({ batch_id, quarantined_by: 'ana', reason, failures, … });
 * const open = await store.quarantine.list({ open: true });
 */
export interface QuarantineRepository {
  /** Quarantines a batch (again, after a re-run that still fails: the verdict is replaced). */
  quarantine(input: QuarantineInput): Promise<QuarantineRecord>;
  /** Ends an open quarantine; `STORE_CONFLICT` when it is not open (ended concurrently). */
  resolve(batch_id: string, input: QuarantineResolutionInput): Promise<QuarantineRecord>;
  get(batch_id: string): Promise<QuarantineRecord | undefined>;
  /** Newest first; `open` only those not yet ended. */
  list(options?: { open?: boolean; limit?: number }): Promise<QuarantineRecord[]>;
}

const COLUMNS = `batch_id, quarantined_at, quarantined_by, suite_file, reason, failures, evaluation, counts,
  resolution, resolved_by, resolved_at, resolution_reason`;

function toRecord(row: QuarantineRecord): QuarantineRecord {
  return {
    ...row,
    quarantined_at: new Date(row.quarantined_at),
    resolved_at: row.resolved_at ? new Date(row.resolved_at) : null,
  };
}

async function auditAndPublish(
  tx: SqlExecutor,
  ring: KeyRing,
  audit: AuditEntry,
  event: OutboxEventInput,
): Promise<void> {
  await insertAudits(tx, ring, [audit]);
  await insertOutbox(tx, ring, [event]);
}

/**
 * The PostgreSQL/PGlite implementation of `QuarantineRepository`.
 *
 * @example
 * const quarantine = new SqlQuarantineRepository(db, ring);
 */
export class SqlQuarantineRepository implements QuarantineRepository {
  readonly #db: Db;
  readonly #ring: KeyRing;

  constructor(db: Db, ring: KeyRing) {
    this.#db = db;
    this.#ring = ring;
  }

  quarantine(input: QuarantineInput): Promise<QuarantineRecord> {
    return this.#db.transaction(async (tx) => {
      await patchBatch(tx, input.batch_id, input.batch);
      const [row] = await tx.query<QuarantineRecord>(
        `INSERT INTO batch_quarantine
           (batch_id, quarantined_by, suite_file, reason, failures, evaluation, counts)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7::jsonb)
         ON CONFLICT (batch_id) DO UPDATE SET
           quarantined_at = now(), quarantined_by = EXCLUDED.quarantined_by,
           suite_file = EXCLUDED.suite_file, reason = EXCLUDED.reason, failures = EXCLUDED.failures,
           evaluation = EXCLUDED.evaluation, counts = EXCLUDED.counts,
           resolution = NULL, resolved_by = NULL, resolved_at = NULL, resolution_reason = NULL
         RETURNING ${COLUMNS}`,
        [
          input.batch_id,
          input.quarantined_by,
          input.suite_file,
          input.reason,
          JSON.stringify(input.failures),
          JSON.stringify(input.evaluation),
          JSON.stringify(input.counts),
        ],
      );
      await auditAndPublish(tx, this.#ring, input.audit, input.event);
      return toRecord(row as QuarantineRecord);
    });
  }

  resolve(batch_id: string, input: QuarantineResolutionInput): Promise<QuarantineRecord> {
    return this.#db.transaction(async (tx) => {
      const [row] = await tx.query<QuarantineRecord>(
        `UPDATE batch_quarantine
         SET resolution = $2, resolved_by = $3, resolved_at = now(), resolution_reason = $4
         WHERE batch_id = $1 AND resolution IS NULL
         RETURNING ${COLUMNS}`,
        [batch_id, input.resolution, input.resolved_by, input.reason],
      );
      if (!row) {
        throw new PhonesetError('STORE_CONFLICT', {
          table: 'batch_quarantine',
          detail: `batch ${batch_id} is not in an open quarantine`,
        });
      }
      await patchBatch(tx, batch_id, input.batch);
      await auditAndPublish(tx, this.#ring, input.audit, input.event);
      return toRecord(row);
    });
  }

  async get(batch_id: string): Promise<QuarantineRecord | undefined> {
    const [row] = await this.#db.query<QuarantineRecord>(
      `SELECT ${COLUMNS} FROM batch_quarantine WHERE batch_id = $1`,
      [batch_id],
    );
    return row ? toRecord(row) : undefined;
  }

  async list(options: { open?: boolean; limit?: number } = {}): Promise<QuarantineRecord[]> {
    const rows = await this.#db.query<QuarantineRecord>(
      `SELECT ${COLUMNS} FROM batch_quarantine
       WHERE NOT $1::boolean OR resolution IS NULL
       ORDER BY quarantined_at DESC, batch_id LIMIT $2::int`,
      [options.open ?? false, options.limit ?? 1000],
    );
    return rows.map(toRecord);
  }
}
