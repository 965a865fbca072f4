import type { SqlExecutor } from './db.js';

/** One data-quality measurement (ARCHITECTURE §6), of a batch or of the registry. */
export interface QualityMetricInput {
  level: 'batch' | 'registry';
  /** Required when level is `batch`. */
  batch_id?: string | null;
  dataset_version?: string | null;
  execution_date?: Date;
  total_records: number;
  valid_records: number;
  invalid_records: number;
  duplicate_records: number;
  /** Fractions 0–1. */
  completeness_score?: number | null;
  accuracy_score?: number | null;
  uniqueness_score?: number | null;
  validity_score?: number | null;
  timeliness_hours?: number | null;
  timeliness_score?: number | null;
  quality_grade?: 'A' | 'B' | 'C' | 'D' | 'F' | null;
  details?: Record<string, unknown>;
}

export interface QualityMetric extends Required<Omit<QualityMetricInput, 'execution_date'>> {
  metric_id: string;
  /** `YYYY-MM-DD`. */
  execution_date: string;
  created_at: Date;
}

/**
 * Quality history.
 *
 * @example
 * const { metric_id } = await store.metrics.insert({ level: 'batch', batch_id, total_records: 10, … });
 * const history = await store.metrics.list({ level: 'registry', limit: 30 });
 */
export interface MetricsRepository {
  insert(metric: QualityMetricInput): Promise<QualityMetric>;
  /** Newest first. */
  list(options?: {
    level?: 'batch' | 'registry';
    batch_id?: string;
    limit?: number;
  }): Promise<QualityMetric[]>;
  get(metric_id: string): Promise<QualityMetric | undefined>;
}

const COLUMNS = `metric_id::text AS metric_id, to_char(execution_date, 'YYYY-MM-DD') AS execution_date,
  dataset_version, level, batch_id, total_records, valid_records, invalid_records, duplicate_records,
  completeness_score, accuracy_score, uniqueness_score, validity_score, timeliness_hours, timeliness_score,
  quality_grade, details, created_at`;

function toMetric(row: QualityMetric): QualityMetric {
  return { ...row, created_at: new Date(row.created_at) };
}

/**
 * The PostgreSQL/PGlite implementation of `MetricsRepository`.
 *
 * @example
 * const metrics = new SqlMetricsRepository(db);
 */
export class SqlMetricsRepository implements MetricsRepository {
  readonly #db: SqlExecutor;

  constructor(db: SqlExecutor) {
    this.#db = db;
  }

  async insert(m: QualityMetricInput): Promise<QualityMetric> {
    const [row] = await this.#db.query<QualityMetric>(
      `INSERT INTO data_quality_metrics (level, batch_id, dataset_version, execution_date, total_records,
         valid_records, invalid_records, duplicate_records, completeness_score, accuracy_score, uniqueness_score,
         validity_score, timeliness_hours, timeliness_score, quality_grade, details)
       VALUES ($1, $2, $3, COALESCE($4::date, CURRENT_DATE), $5::int, $6::int, $7::int, $8::int, $9::float8,
         $10::float8, $11::float8, $12::float8, $13::float8, $14::float8, $15, $16::jsonb)
       RETURNING ${COLUMNS}`,
      [
        m.level,
        m.batch_id ?? null,
        m.dataset_version ?? null,
        m.execution_date?.toISOString().slice(0, 10) ?? null,
        m.total_records,
        m.valid_records,
        m.invalid_records,
        m.duplicate_records,
        m.completeness_score ?? null,
        m.accuracy_score ?? null,
        m.uniqueness_score ?? null,
        m.validity_score ?? null,
        m.timeliness_hours ?? null,
        m.timeliness_score ?? null,
        m.quality_grade ?? null,
        JSON.stringify(m.details ?? {}),
      ],
    );
    return toMetric(row as QualityMetric);
  }

  async list(
    options: { level?: 'batch' | 'registry'; batch_id?: string; limit?: number } = {},
  ): Promise<QualityMetric[]> {
    const rows = await this.#db.query<QualityMetric>(
      `SELECT ${COLUMNS} FROM data_quality_metrics
       WHERE ($1::text IS NULL OR level = $1) AND ($2::text IS NULL OR batch_id = $2)
       ORDER BY data_quality_metrics.created_at DESC, data_quality_metrics.metric_id DESC LIMIT $3::int`,
      [options.level ?? null, options.batch_id ?? null, options.limit ?? 100],
    );
    return rows.map(toMetric);
  }

  async get(metric_id: string): Promise<QualityMetric | undefined> {
    const [row] = await this.#db.query<QualityMetric>(
      `SELECT ${COLUMNS} FROM data_quality_metrics WHERE metric_id = $1::bigint`,
      [metric_id],
    );
    return row ? toMetric(row) : undefined;
  }
}
