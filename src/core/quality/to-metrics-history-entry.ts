import type { MetricsHistoryEntry } from './evaluate-gate.js';
import type { SuiteEvaluation } from './evaluate-suite.js';

/**
 * The row a run leaves in `data_quality_metrics` (and the gate later reads back as history):
 * when, which dataset version, totals and the five scores with the grade.
 *
 * @example
 * await store.saveQualityMetrics(toMetricsHistoryEntry(evaluation, 'registry', 'v12'));
 */
export function toMetricsHistoryEntry(
  evaluation: SuiteEvaluation,
  historyKey: string,
  datasetVersion: string | null = null,
): MetricsHistoryEntry & { valid: number; invalid: number; duplicate: number } {
  const { metrics, grade } = evaluation;
  return {
    historyKey,
    level: evaluation.level,
    executed_at: metrics.measured_at,
    dataset_version: datasetVersion,
    total: metrics.total,
    valid: metrics.valid,
    invalid: metrics.invalid,
    duplicate: metrics.duplicate,
    scores: { ...metrics.scores },
    grade: grade.grade,
  };
}
