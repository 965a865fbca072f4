import type { Dimension } from './quality-types.js';

/** How a letter grade is computed from the five scores. See docs/quality.md. */
export interface GradingConfig {
  /** Weight of each dimension in the overall score (need not sum to 1). */
  weights: Record<Dimension, number>;
  /** Minimum overall score for each letter; anything below D is F. */
  bands: { A: number; B: number; C: number; D: number };
  /** A dimension below its threshold lowers the best reachable grade by one letter. */
  thresholds: Record<Dimension, number>;
}

/** How the gate compares a run with its history. */
export interface GateConfig {
  /** How many previous runs form the baseline (the last N). */
  historyRuns: number;
  baseline: 'median' | 'mean';
  /** A score more than this below the baseline fails the gate, even above its threshold. */
  maxDrop: number;
  /** Fewer previous runs than this: no drop check (too little history to judge). */
  minRuns: number;
  dimensions: readonly Dimension[];
}

/** Timeliness SLAs per level, in hours. */
export interface SlaConfig {
  /** Batch: the most a row may lag between the source's update and arrival. */
  batchHours: number;
  /** Registry: a record updated longer ago than this counts as stale. */
  registryHours: number;
}

/** Everything quality is configured by; the expectation suite file can override each part. */
export interface QualityConfig {
  grading: GradingConfig;
  gate: GateConfig;
  sla: SlaConfig;
  /** Phones a customer may have (business rule; also a KPI: customers over the limit). */
  maxPhonesPerCustomer: number;
}

/**
 * The defaults of the design: completeness ≥ 0.95, accuracy ≥ 0.98, validity ≥ 0.97,
 * uniqueness ≥ 0.99, timeliness 24 h; drops measured against the median of the last 7 runs.
 *
 * @example
 * const grade = gradeQuality(scores, DEFAULT_QUALITY_CONFIG.grading);
 */
export const DEFAULT_QUALITY_CONFIG: QualityConfig = {
  grading: {
    weights: { completeness: 1, accuracy: 1, validity: 1, uniqueness: 1, timeliness: 1 },
    bands: { A: 0.97, B: 0.93, C: 0.85, D: 0.7 },
    thresholds: { completeness: 0.95, accuracy: 0.98, validity: 0.97, uniqueness: 0.99, timeliness: 0.9 },
  },
  gate: {
    historyRuns: 7,
    baseline: 'median',
    maxDrop: 0.02,
    minRuns: 3,
    dimensions: ['completeness', 'accuracy', 'validity', 'uniqueness', 'timeliness'],
  },
  sla: { batchHours: 24, registryHours: 720 },
  maxPhonesPerCustomer: 5,
};
