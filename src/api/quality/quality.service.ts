import type { ExpectationSuite } from '../../core/quality/index.js';
import { loadSuite } from '../../pipeline/quality/load-suite.js';
import { measureRegistry } from '../../pipeline/quality/measure-registry.js';
import { toMetricRow } from '../../pipeline/quality/quality-history.js';
import type { QualityEngine, QualityStore } from '../../pipeline/quality/quality-ports.js';
import type { QualityMetric, QualityMetricInput } from '../../store/metrics.repository.js';

/** The five registry dimensions (0–1), as ARCHITECTURE §6 names them. */
export interface QualityScores {
  completeness: number | null;
  accuracy: number | null;
  uniqueness: number | null;
  validity: number | null;
  timeliness: number | null;
}

/** One quality measurement as the API shows it. */
export interface QualityView {
  /** null for a measurement made now and not stored. */
  metric_id: string | null;
  level: 'batch' | 'registry';
  batch_id: string | null;
  dataset_version: string | null;
  executed_at: string;
  total_records: number;
  valid_records: number;
  invalid_records: number;
  duplicate_records: number;
  scores: QualityScores;
  timeliness_hours: number | null;
  grade: string | null;
  /** `stored`: the latest row of data_quality_metrics; `measured`: the registry measured for this answer. */
  source: 'stored' | 'measured';
}

export interface QualityServiceOptions {
  /** Re-judges numbers with today's metadata when measuring. */
  engine?: QualityEngine | undefined;
  /** Default: the suite `phoneset quality-report` uses. */
  suite?: ExpectationSuite | undefined;
  /** A fresh measurement is reused this long (a full pass over the registry is not per request). Default 60 s. */
  measureTtlMs?: number;
}

type MetricLike = (QualityMetric | QualityMetricInput) & { metric_id?: string; created_at?: Date };

function toView(m: MetricLike, source: QualityView['source']): QualityView {
  const details = (m.details ?? {}) as { executed_at?: string };
  return {
    metric_id: m.metric_id ?? null,
    level: m.level,
    batch_id: m.batch_id ?? null,
    dataset_version: m.dataset_version ?? null,
    executed_at:
      details.executed_at ??
      (m.created_at ?? (m as QualityMetricInput).execution_date ?? new Date()).toISOString(),
    total_records: m.total_records,
    valid_records: m.valid_records,
    invalid_records: m.invalid_records,
    duplicate_records: m.duplicate_records,
    scores: {
      completeness: m.completeness_score ?? null,
      accuracy: m.accuracy_score ?? null,
      uniqueness: m.uniqueness_score ?? null,
      validity: m.validity_score ?? null,
      timeliness: m.timeliness_score ?? null,
    },
    timeliness_hours: m.timeliness_hours ?? null,
    grade: m.quality_grade ?? null,
    source,
  };
}

/**
 * The registry's quality for the API and the `data_quality_score` gauge: the latest stored
 * registry measurement (what `phoneset quality-report` and releases record), or the registry
 * measured now by the same `measureRegistry` when none is stored or a caller asks.
 *
 * @example
 * const quality = new QualityService(store, { engine });
 * const now = await quality.current({ fresh: false });
 */
export class QualityService {
  readonly #store: Pick<QualityStore, 'phones' | 'metrics'>;
  readonly #options: QualityServiceOptions;
  #measured: { at: number; view: Promise<QualityView> } | undefined;

  constructor(store: Pick<QualityStore, 'phones' | 'metrics'>, options: QualityServiceOptions = {}) {
    this.#store = store;
    this.#options = options;
  }

  /** The latest stored registry measurement, or a measurement made now (`fresh`, or none stored). */
  async current(options: { fresh?: boolean } = {}): Promise<QualityView> {
    if (!options.fresh) {
      const [latest] = await this.#store.metrics.list({ level: 'registry', limit: 1 });
      if (latest) return toView(latest, 'stored');
    }
    return this.measure();
  }

  /** Measures the registry now (shared by concurrent callers, reused for `measureTtlMs`). */
  measure(): Promise<QualityView> {
    const ttl = this.#options.measureTtlMs ?? 60_000;
    if (this.#measured && Date.now() - this.#measured.at < ttl) return this.#measured.view;
    const view = (async () => {
      const evaluation = await measureRegistry(this.#store, {
        suite: this.#options.suite ?? loadSuite(),
        ...(this.#options.engine ? { engine: this.#options.engine } : {}),
      });
      return toView(toMetricRow(evaluation, { historyKey: 'registry' }), 'measured');
    })();
    this.#measured = { at: Date.now(), view };
    view.catch(() => {
      this.#measured = undefined;
    });
    return view;
  }

  /** Stored measurements, newest first. */
  async history(options: {
    level?: 'batch' | 'registry';
    batch_id?: string;
    limit: number;
  }): Promise<QualityView[]> {
    const rows = await this.#store.metrics.list(options);
    return rows.map((m) => toView(m, 'stored'));
  }
}
