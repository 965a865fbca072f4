import { PhonesetError } from '../core/errors.js';
import type { Db } from './db.js';

export const RELEASE_STAGES = ['dev', 'staging', 'prod'] as const;
export type ReleaseStage = (typeof RELEASE_STAGES)[number];

/** An immutable dataset release. */
export interface Release {
  release_id: string;
  created_at: Date;
  created_by: string;
  record_count: number;
  sha256: string;
  lake_path: string | null;
  metric_id: string | null;
  gate: Record<string, unknown>;
  parent_id: string | null;
  notes: string | null;
}

export type NewRelease = Omit<Release, 'created_at'> & { created_at?: Date };

/** What a stage serves now. */
export interface StagePointer {
  stage: ReleaseStage;
  release_id: string;
  promoted_by: string;
  promoted_at: Date;
}

/** One move of a stage pointer. */
export interface StageMove {
  stage: ReleaseStage;
  release_id: string;
  action: 'promote' | 'rollback';
  moved_by: string;
  moved_at: Date;
}

/**
 * Dataset releases and the stage pointers (dev → staging → prod).
 *
 * @example
 * await store.releases.create({ release_id: '2026.11.28-1', created_by: 'ci', record_count, sha256, … });
 * await store.releases.moveStage('prod', '2026.11.28-1', 'promote', 'ops');
 */
export interface ReleaseRepository {
  create(release: NewRelease): Promise<Release>;
  get(release_id: string): Promise<Release | undefined>;
  /** Newest first. */
  list(options?: { limit?: number }): Promise<Release[]>;
  stages(): Promise<StagePointer[]>;
  /** Points `stage` at a release and records the move, atomically. */
  moveStage(
    stage: ReleaseStage,
    release_id: string,
    action: 'promote' | 'rollback',
    by: string,
  ): Promise<StagePointer>;
  /** Moves of one stage, newest first. */
  history(stage: ReleaseStage, options?: { limit?: number }): Promise<StageMove[]>;
}

const COLUMNS = `release_id, created_at, created_by, record_count, sha256, lake_path, metric_id::text AS metric_id,
  gate, parent_id, notes`;

function toRelease(row: Release): Release {
  return { ...row, created_at: new Date(row.created_at) };
}

/**
 * The PostgreSQL/PGlite implementation of `ReleaseRepository`.
 *
 * @example
 * const releases = new SqlReleaseRepository(db);
 */
export class SqlReleaseRepository implements ReleaseRepository {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  async create(r: NewRelease): Promise<Release> {
    const [row] = await this.#db.query<Release>(
      `INSERT INTO dataset_releases
         (release_id, created_at, created_by, record_count, sha256, lake_path, metric_id, gate, parent_id, notes)
       VALUES ($1, COALESCE($2::timestamptz, now()), $3, $4::int, $5, $6, $7::bigint, $8::jsonb, $9, $10)
       RETURNING ${COLUMNS}`,
      [
        r.release_id,
        r.created_at?.toISOString() ?? null,
        r.created_by,
        r.record_count,
        r.sha256,
        r.lake_path,
        r.metric_id,
        JSON.stringify(r.gate),
        r.parent_id,
        r.notes,
      ],
    );
    return toRelease(row as Release);
  }

  async get(release_id: string): Promise<Release | undefined> {
    const [row] = await this.#db.query<Release>(
      `SELECT ${COLUMNS} FROM dataset_releases WHERE release_id = $1`,
      [release_id],
    );
    return row ? toRelease(row) : undefined;
  }

  async list(options: { limit?: number } = {}): Promise<Release[]> {
    const rows = await this.#db.query<Release>(
      `SELECT ${COLUMNS} FROM dataset_releases ORDER BY dataset_releases.created_at DESC, release_id DESC LIMIT $1::int`,
      [options.limit ?? 100],
    );
    return rows.map(toRelease);
  }

  async stages(): Promise<StagePointer[]> {
    const rows = await this.#db.query<StagePointer>(
      `SELECT stage, release_id, promoted_by, promoted_at FROM release_stages
       ORDER BY array_position(ARRAY['dev', 'staging', 'prod'], stage)`,
    );
    return rows.map((r) => ({ ...r, promoted_at: new Date(r.promoted_at) }));
  }

  moveStage(
    stage: ReleaseStage,
    release_id: string,
    action: 'promote' | 'rollback',
    by: string,
  ): Promise<StagePointer> {
    return this.#db.transaction(async (tx) => {
      const [exists] = await tx.query('SELECT 1 FROM dataset_releases WHERE release_id = $1', [release_id]);
      if (!exists) throw new PhonesetError('STORE_NOT_FOUND', { what: 'Release', id: release_id });
      const [row] = await tx.query<StagePointer>(
        `INSERT INTO release_stages (stage, release_id, promoted_by) VALUES ($1, $2, $3)
         ON CONFLICT (stage) DO UPDATE SET release_id = EXCLUDED.release_id, promoted_by = EXCLUDED.promoted_by,
           promoted_at = now()
         RETURNING stage, release_id, promoted_by, promoted_at`,
        [stage, release_id, by],
      );
      await tx.query(
        'INSERT INTO release_stage_history (stage, release_id, action, moved_by) VALUES ($1, $2, $3, $4)',
        [stage, release_id, action, by],
      );
      const pointer = row as StagePointer;
      return { ...pointer, promoted_at: new Date(pointer.promoted_at) };
    });
  }

  async history(stage: ReleaseStage, options: { limit?: number } = {}): Promise<StageMove[]> {
    const rows = await this.#db.query<StageMove>(
      `SELECT stage, release_id, action, moved_by, moved_at FROM release_stage_history
       WHERE stage = $1 ORDER BY release_stage_history.id DESC LIMIT $2::int`,
      [stage, options.limit ?? 100],
    );
    return rows.map((r) => ({ ...r, moved_at: new Date(r.moved_at) }));
  }
}
