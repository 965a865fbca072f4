import type { GateResult, MetricsHistoryEntry } from './evaluate-gate.js';
import type { SuiteEvaluation } from './evaluate-suite.js';

/**
 * Everything a quality report shows: one dataset's evaluation, its history and the gate's
 * verdict. The CLI (`quality-report`), the API and the HTML renderer all take this shape.
 *
 * @example
 * const report: QualityReport = { title: 'Registry quality', subject: 'registry', dataset_version: 'v12',
 *   generated_at: new Date().toISOString(), evaluation, history, gate };
 */
export interface QualityReport {
  title: string;
  /** `registry`, or the batch it describes. */
  subject: string;
  dataset_version: string | null;
  generated_at: string;
  evaluation: SuiteEvaluation;
  /** Earlier runs, any order; the report sorts them by time. */
  history: readonly MetricsHistoryEntry[];
  gate?: GateResult;
  /** Phone-engine metadata version that produced the verdicts. */
  metadata_version?: string;
}
