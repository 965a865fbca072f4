import type { Db, SqlExecutor } from './db.js';

export type ReviewStatus = 'pending' | 'accepted' | 'rejected';

/** A scored pair to queue for review (ids in any order; stored as the smaller first). */
export interface ReviewPairInput {
  customer_id: string;
  phone_a: string;
  phone_b: string;
  probability: number;
  weight: number;
  reason: string;
  model_version: string | null;
}

/** A queued or decided pair. */
export interface ReviewPairRecord extends ReviewPairInput {
  review_id: string;
  status: ReviewStatus;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
  merge_id: string | null;
  created_at: Date;
}

/** A decision on a pending pair. */
export interface ReviewDecision {
  review_id: string;
  status: 'accepted' | 'rejected';
  actor: string;
  reason?: string | null;
  merge_id?: string | null;
}

/**
 * The review queue: pairs between the review and auto-merge thresholds, and the decisions
 * people took (labels for the next training).
 *
 * @example
 * await store.reviews.enqueue(pairs);
 * const pending = await store.reviews.list({ status: 'pending' });
 */
export interface ReviewRepository {
  /** Queues pairs; a pair already queued or decided is left as it is. Returns how many were new. */
  enqueue(pairs: readonly ReviewPairInput[]): Promise<number>;
  list(options?: { status?: ReviewStatus; limit?: number; afterId?: string }): Promise<ReviewPairRecord[]>;
  get(review_id: string): Promise<ReviewPairRecord | undefined>;
  /** Records a decision on a pending pair; false when it was not pending any more. */
  decide(decision: ReviewDecision): Promise<boolean>;
  /** Every decided pair (the labels). */
  decided(): Promise<ReviewPairRecord[]>;
  count(status?: ReviewStatus): Promise<number>;
}

const COLUMNS = `review_id::text AS review_id, customer_id, phone_a::text AS phone_a, phone_b::text AS phone_b,
  probability, weight, reason, model_version::text AS model_version, status, decided_by, decided_at,
  decision_reason, merge_id::text AS merge_id, created_at`;

function fromRow(r: ReviewPairRecord): ReviewPairRecord {
  return {
    ...r,
    decided_at: r.decided_at ? new Date(r.decided_at) : null,
    created_at: new Date(r.created_at),
  };
}

const byNumericId = (a: string, b: string): boolean => BigInt(a) < BigInt(b);

/**
 * Records a decision on a pending pair inside a transaction (so an accepted pair's merge
 * and its decision commit together). Returns false when the pair was not pending.
 *
 * @example
 * await decideReview(tx, { review_id: '7', status: 'rejected', actor: 'ana', reason: 'two lines' });
 */
export async function decideReview(tx: SqlExecutor, d: ReviewDecision): Promise<boolean> {
  const rows = await tx.query<{ id: string }>(
    `UPDATE review_pairs SET status = $2, decided_by = $3, decided_at = now(), decision_reason = $4,
       merge_id = $5::bigint
     WHERE review_id = $1::bigint AND status = 'pending' RETURNING review_id::text AS id`,
    [d.review_id, d.status, d.actor, d.reason ?? null, d.merge_id ?? null],
  );
  return rows.length === 1;
}

/**
 * The PostgreSQL/PGlite implementation of `ReviewRepository`.
 *
 * @example
 * const reviews = new SqlReviewRepository(db);
 */
export class SqlReviewRepository implements ReviewRepository {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  async enqueue(pairs: readonly ReviewPairInput[]): Promise<number> {
    let added = 0;
    for (let i = 0; i < pairs.length; i += 5000) {
      const part = pairs
        .slice(i, i + 5000)
        .map((p) =>
          byNumericId(p.phone_a, p.phone_b) ? p : { ...p, phone_a: p.phone_b, phone_b: p.phone_a },
        );
      const rows = await this.#db.query<{ id: string }>(
        `INSERT INTO review_pairs (customer_id, phone_a, phone_b, probability, weight, reason, model_version)
         SELECT customer_id, phone_a, phone_b, probability, weight, reason, model_version
         FROM json_to_recordset($1::json) AS u(customer_id text, phone_a bigint, phone_b bigint,
           probability double precision, weight double precision, reason text, model_version bigint)
         ON CONFLICT (phone_a, phone_b) DO NOTHING RETURNING review_id::text AS id`,
        [JSON.stringify(part)],
      );
      added += rows.length;
    }
    return added;
  }

  async list(
    options: { status?: ReviewStatus; limit?: number; afterId?: string } = {},
  ): Promise<ReviewPairRecord[]> {
    const rows = await this.#db.query<ReviewPairRecord>(
      `SELECT ${COLUMNS} FROM review_pairs
       WHERE ($1::text IS NULL OR status = $1) AND review_id > $2::bigint
       ORDER BY review_pairs.review_id LIMIT $3::int`,
      [options.status ?? null, options.afterId ?? '0', options.limit ?? 100],
    );
    return rows.map(fromRow);
  }

  async get(review_id: string): Promise<ReviewPairRecord | undefined> {
    if (!/^\d{1,18}$/.test(review_id)) return undefined;
    const [row] = await this.#db.query<ReviewPairRecord>(
      `SELECT ${COLUMNS} FROM review_pairs WHERE review_id = $1::bigint`,
      [review_id],
    );
    return row ? fromRow(row) : undefined;
  }

  decide(decision: ReviewDecision): Promise<boolean> {
    return decideReview(this.#db, decision);
  }

  async decided(): Promise<ReviewPairRecord[]> {
    const rows = await this.#db.query<ReviewPairRecord>(
      `SELECT ${COLUMNS} FROM review_pairs WHERE status <> 'pending' ORDER BY review_pairs.review_id`,
    );
    return rows.map(fromRow);
  }

  async count(status?: ReviewStatus): Promise<number> {
    const [row] = await this.#db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM review_pairs WHERE ($1::text IS NULL OR status = $1)',
      [status ?? null],
    );
    return row?.n ?? 0;
  }
}
