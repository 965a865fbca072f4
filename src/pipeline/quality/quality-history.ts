import type { MetricsHistoryEntry, SuiteEvaluation } from '../../core/quality/index.js';
import { toMetricsHistoryEntry } from '../../core/quality/index.js';
import type { QualityMetric, QualityMetricInput } from '../../store/metrics.repository.js';
import type { QualityStore } from './quality-ports.js';

/**
 * The `data_quality_metrics` row of one run: totals, the five scores, grade; the history key
 * and the execution time go in `details` so the gate can read the run back as history.
 *
 * @example
 * await store.metrics.insert(toMetricRow(evaluation, { historyKey: 'registry', datasetVersion: 'r-1' }));
 */
export function toMetricRow(
  evaluation: SuiteEvaluation,
  options: { historyKey: string; datasetVersion?: string | null; batchId?: string | null },
): QualityMetricInput {
  const entry = toMetricsHistoryEntry(evaluation, options.historyKey, options.datasetVersion ?? null);
  const { metrics } = evaluation;
  return {
    level: evaluation.level,
    batch_id: options.batchId ?? null,
    dataset_version: options.datasetVersion ?? null,
    execution_date: new Date(entry.executed_at),
    total_records: entry.total,
    valid_records: entry.valid,
    invalid_records: entry.invalid,
    duplicate_records: entry.duplicate,
    completeness_score: entry.scores.completeness,
    accuracy_score: entry.scores.accuracy,
    uniqueness_score: entry.scores.uniqueness,
    validity_score: entry.scores.validity,
    timeliness_score: entry.scores.timeliness,
    timeliness_hours: metrics.timeliness.hours_since_newest ?? metrics.timeliness.median_lag_hours ?? null,
    quality_grade: evaluation.grade.grade,
    details: {
      history_key: options.historyKey,
      executed_at: entry.executed_at,
      grade_score: evaluation.grade.score ?? null,
      kpis: metrics.kpis,
      failed_expectations: evaluation.results.filter((r) => !r.passed).map((r) => r.expectation),
    },
  };
}

/**
 * A stored run as the gate's and the report's history entry.
 *
 * @example
 * const history = (await store.metrics.list({ limit: 500 })).map(toHistoryEntry);
 */
export function toHistoryEntry(m: QualityMetric): MetricsHistoryEntry {
  const details = m.details as { history_key?: string; executed_at?: string };
  return {
    historyKey: details.history_key ?? (m.level === 'registry' ? 'registry' : `batch:${m.batch_id}`),
    level: m.level,
    executed_at: details.executed_at ?? m.created_at.toISOString(),
    dataset_version: m.dataset_version,
    total: m.total_records,
    scores: {
      completeness: m.completeness_score,
      accuracy: m.accuracy_score,
      validity: m.validity_score,
      uniqueness: m.uniqueness_score,
      timeliness: m.timeliness_score,
    },
    ...(m.quality_grade ? { grade: m.quality_grade } : {}),
  };
}

/**
 * Quality history from `data_quality_metrics`, oldest first, optionally between two dates
 * (inclusive, `YYYY-MM-DD` or ISO times).
 *
 * @example
 * const history = await readHistory(store, { level: 'registry', from: '2026-11-01' });
 */
export async function readHistory(
  store: { readonly metrics: Pick<QualityStore['metrics'], 'list'> },
  options: { level?: 'batch' | 'registry'; from?: string; to?: string; limit?: number } = {},
): Promise<MetricsHistoryEntry[]> {
  const rows = await store.metrics.list({
    ...(options.level ? { level: options.level } : {}),
    limit: options.limit ?? 1000,
  });
  const to =
    options.to && /^\d{4}-\d{2}-\d{2}$/.test(options.to) ? `${options.to}T23:59:59.999Z` : options.to;
  return rows
    .map(toHistoryEntry)
    .filter((h) => (!options.from || h.executed_at >= options.from) && (!to || h.executed_at <= to))
    .sort((a, b) => a.executed_at.localeCompare(b.executed_at));
}
