import type { SuiteEvaluation } from './evaluate-suite.js';
import type { GateConfig } from './quality-config.js';
import type { Dimension, DimensionScores, QualityLevel } from './quality-types.js';

/** One dataset the gate judges: the registry, or one batch, with its suite evaluation. */
export interface GateSubject {
  /** What the output names: `registry`, `batch 42 (crm_salesforce)`. */
  subject: string;
  /** Which history it is compared with: `registry`, `batch:crm_salesforce`. */
  historyKey: string;
  evaluation: SuiteEvaluation;
}

/** One earlier run of the metrics, as `data_quality_metrics` keeps it. */
export interface MetricsHistoryEntry {
  historyKey: string;
  level: QualityLevel;
  executed_at: string;
  dataset_version?: string | null;
  total: number;
  scores: DimensionScores;
  grade?: string;
}

/** Why the gate failed (or warns). */
export interface GateFinding {
  subject: string;
  kind: 'empty' | 'expectation' | 'drop';
  expectation?: string;
  dimension?: Dimension;
  observed: number | null;
  /** The threshold, or for a drop the history baseline. */
  expected: number | null;
  message: string;
}

/** The gate's verdict. */
export interface GateResult {
  passed: boolean;
  failures: GateFinding[];
  warnings: GateFinding[];
  /** One line for people. */
  summary: string;
}

/**
 * Decides whether a release may be made. It fails on: an empty dataset (never passes 0/0);
 * any failed expectation of severity `error` (a failed `warn` is a warning); and a drop against
 * history — a dimension more than `maxDrop` below the median (or mean) of its last
 * `historyRuns` runs with the same history key, even when still above its threshold, once at
 * least `minRuns` earlier runs exist.
 *
 * @example
 * const verdict = evaluateGate([{ subject: 'registry', historyKey: 'registry', evaluation }], history, suite.config.gate);
 * if (!verdict.passed) process.exitCode = 1;
 */
export function evaluateGate(
  subjects: GateSubject | readonly GateSubject[],
  history: readonly MetricsHistoryEntry[],
  config: GateConfig,
): GateResult {
  const list = Array.isArray(subjects) ? subjects : [subjects as GateSubject];
  const failures: GateFinding[] = [];
  const warnings: GateFinding[] = [];
  if (list.length === 0) {
    failures.push({
      subject: 'dataset',
      kind: 'empty',
      observed: null,
      expected: null,
      message: 'nothing to gate: no registry and no batch was evaluated',
    });
  }
  for (const { subject, historyKey, evaluation } of list) {
    const { metrics } = evaluation;
    if (metrics.total === 0) {
      failures.push({
        subject,
        kind: 'empty',
        observed: 0,
        expected: null,
        message: `${subject} is empty (0 ${metrics.level === 'registry' ? 'records' : 'rows'}): an empty dataset never passes the gate`,
      });
      continue;
    }
    for (const r of evaluation.results) {
      if (r.passed) continue;
      const finding: GateFinding = {
        subject,
        kind: 'expectation',
        expectation: r.expectation,
        observed: r.observed,
        expected: r.threshold,
        message: `${subject}: ${r.expectation} failed: ${r.message}`,
      };
      (r.severity === 'error' ? failures : warnings).push(finding);
    }
    const previous = history
      .filter((h) => h.historyKey === historyKey && h.total > 0)
      .sort((a, b) => b.executed_at.localeCompare(a.executed_at))
      .slice(0, config.historyRuns);
    for (const dimension of config.dimensions) {
      const current = metrics.scores[dimension];
      const past = previous.map((h) => h.scores[dimension]).filter((v): v is number => v !== null);
      if (current === null || past.length < config.minRuns) continue;
      const baseline = config.baseline === 'mean' ? mean(past) : median(past);
      const drop = baseline - current;
      // A tiny epsilon keeps a drop of exactly maxDrop (in decimal) from failing on float noise.
      if (drop > config.maxDrop + 1e-12) {
        failures.push({
          subject,
          kind: 'drop',
          dimension,
          observed: current,
          expected: baseline,
          message: `${subject}: ${dimension} ${fmt(current)} fell ${fmt(drop)} below the ${config.baseline} ${fmt(baseline)} of the last ${past.length} runs (allowed drop ${fmt(config.maxDrop)})`,
        });
      }
    }
  }
  const passed = failures.length === 0;
  const summary = passed
    ? `gate passed: ${list.length} dataset(s) checked${warnings.length ? `, ${warnings.length} warning(s)` : ''}`
    : `gate FAILED: ${failures.length} failure(s) in ${[...new Set(failures.map((f) => f.subject))].join(', ')}`;
  return { passed, failures, warnings, summary };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function fmt(value: number): string {
  return value.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
}
