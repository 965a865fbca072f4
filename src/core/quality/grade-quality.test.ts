import { describe, expect, it } from 'vitest';
import { gradeQuality } from './grade-quality.js';
import { DEFAULT_QUALITY_CONFIG } from './quality-config.js';
import type { DimensionScores } from './quality-types.js';

const config = DEFAULT_QUALITY_CONFIG.grading;
const all = (v: number): DimensionScores => ({
  completeness: v,
  accuracy: v,
  validity: v,
  uniqueness: v,
  timeliness: v,
});

describe('gradeQuality', () => {
  it('grades a perfect dataset A and a mix of dimensions on their mean', () => {
    expect(gradeQuality(all(1), config).grade).toBe('A');
    // mean 0.98, every dimension at or above its threshold
    expect(gradeQuality({ ...all(1), timeliness: 0.9 }, config).grade).toBe('A');
  });

  it.each([
    [0.97, 'A'],
    [0.9699, 'B'],
    [0.93, 'B'],
    [0.9299, 'C'],
    [0.85, 'C'],
    [0.8499, 'D'],
    [0.7, 'D'],
    [0.6999, 'F'],
  ])('a mean score of %d is band %s', (mean, letter) => {
    const thresholdsAtZero = {
      ...config,
      thresholds: { completeness: 0, accuracy: 0, validity: 0, uniqueness: 0, timeliness: 0 },
    };
    const result = gradeQuality(all(mean), thresholdsAtZero);
    expect(result.uncapped).toBe(letter);
    expect(result.grade).toBe(letter);
  });

  it.each([
    [['accuracy'], 'B'],
    [['accuracy', 'validity'], 'C'],
    [['accuracy', 'validity', 'uniqueness'], 'D'],
    [['accuracy', 'validity', 'uniqueness', 'completeness'], 'F'],
  ] as const)('each dimension below its threshold lowers the best grade by one: %j → %s', (below, letter) => {
    // Just below each threshold: the mean stays in band A, the caps decide.
    const scores = all(1);
    for (const d of below) scores[d] = config.thresholds[d] - 0.001;
    const result = gradeQuality(scores, config);
    expect(result.below_threshold).toEqual(expect.arrayContaining([...below]));
    expect(result.grade).toBe(letter);
  });

  it('a dimension exactly at its threshold does not lower the grade', () => {
    const result = gradeQuality({ ...all(1), accuracy: config.thresholds.accuracy }, config);
    expect(result.below_threshold).toEqual([]);
    expect(result.grade).toBe('A');
  });

  it('grades an empty dataset (nothing measurable) F', () => {
    const result = gradeQuality(
      { completeness: null, accuracy: null, validity: null, uniqueness: null, timeliness: null },
      config,
    );
    expect(result).toMatchObject({ grade: 'F', score: null });
  });

  it('leaves unmeasurable dimensions out of the mean', () => {
    const result = gradeQuality({ ...all(1), timeliness: null }, config);
    expect(result.score).toBe(1);
    expect(result.grade).toBe('A');
  });

  it('follows configured weights and bands', () => {
    const custom = {
      ...config,
      weights: { ...config.weights, accuracy: 4 },
      bands: { A: 0.99, B: 0.9, C: 0.8, D: 0.5 },
    };
    const scores = { ...all(1), accuracy: 0.99 };
    const result = gradeQuality(scores, custom);
    expect(result.score).toBeCloseTo((4 + 4 * 0.99) / 8, 10);
    expect(result.grade).toBe('A');
  });
});
