import type { GradingConfig } from './quality-config.js';
import { DIMENSIONS, type Dimension, type DimensionScores } from './quality-types.js';

export type Grade = 'A' | 'B' | 'C' | 'D' | 'F';

/** A grade and how it was reached. */
export interface GradeResult {
  grade: Grade;
  /** Weighted mean of the measurable scores, or null when nothing was measurable. */
  score: number | null;
  /** Dimensions below their threshold, each of which lowered the best reachable grade. */
  below_threshold: Dimension[];
  /** The letter the score alone would give, before the caps. */
  uncapped: Grade;
  /** The thresholds the grade was judged against. */
  thresholds: Record<Dimension, number>;
}

const LETTERS: readonly Grade[] = ['A', 'B', 'C', 'D', 'F'];

/**
 * The documented grade (docs/quality.md): the weighted mean of the measurable dimension
 * scores gives a letter by band (A ≥ 0.97, B ≥ 0.93, C ≥ 0.85, D ≥ 0.70, else F by default);
 * then each dimension below its threshold lowers the best reachable letter by one (one → B
 * at best, two → C, three → D, four or more → F). Nothing measurable (an empty dataset) is F.
 *
 * @example
 * gradeQuality({ completeness: 1, accuracy: 0.99, validity: 0.99, uniqueness: 1, timeliness: 1 },
 *   DEFAULT_QUALITY_CONFIG.grading).grade; // 'A'
 */
export function gradeQuality(scores: DimensionScores, config: GradingConfig): GradeResult {
  let weighted = 0;
  let weights = 0;
  const below: Dimension[] = [];
  for (const dimension of DIMENSIONS) {
    const value = scores[dimension];
    if (value === null) continue;
    const weight = config.weights[dimension];
    weighted += weight * value;
    weights += weight;
    if (value < config.thresholds[dimension]) below.push(dimension);
  }
  const thresholds = { ...config.thresholds };
  if (weights === 0) return { grade: 'F', score: null, below_threshold: below, uncapped: 'F', thresholds };
  const score = weighted / weights;
  const { bands } = config;
  const uncapped: Grade =
    score >= bands.A ? 'A' : score >= bands.B ? 'B' : score >= bands.C ? 'C' : score >= bands.D ? 'D' : 'F';
  const best = LETTERS[Math.min(below.length, LETTERS.length - 1)] as Grade;
  const grade = LETTERS[Math.max(LETTERS.indexOf(uncapped), LETTERS.indexOf(best))] as Grade;
  return { grade, score, below_threshold: below, uncapped, thresholds };
}
