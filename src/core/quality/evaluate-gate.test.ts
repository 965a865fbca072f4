import { describe, expect, it } from 'vitest';
import { evaluateGate, type MetricsHistoryEntry } from './evaluate-gate.js';
import type { ExpectationResult, SuiteEvaluation } from './evaluate-suite.js';
import { gradeQuality } from './grade-quality.js';
import { DEFAULT_QUALITY_CONFIG, type GateConfig } from './quality-config.js';
import type { DimensionScores, RegistryQualityMetrics } from './quality-types.js';
import { createRegistryMetricsAccumulator } from './registry-metrics.accumulator.js';

const gate: GateConfig = DEFAULT_QUALITY_CONFIG.gate;
const scores = (v: Partial<DimensionScores> = {}): DimensionScores => ({
  completeness: 0.99,
  accuracy: 0.99,
  validity: 0.99,
  uniqueness: 0.995,
  timeliness: 0.95,
  ...v,
});

function evaluation(
  s: DimensionScores,
  results: Partial<ExpectationResult>[] = [],
  total = 1000,
): SuiteEvaluation {
  const metrics = {
    ...createRegistryMetricsAccumulator({ now: new Date() }).result(),
    total,
    scores: s,
  } as RegistryQualityMetrics;
  return {
    level: 'registry',
    metrics,
    grade: gradeQuality(s, DEFAULT_QUALITY_CONFIG.grading),
    results: results.map((r) => ({
      expectation: 'x',
      type: 'metric_at_least',
      level: 'registry',
      severity: 'error',
      description: null,
      observed: 0.5,
      threshold: 0.9,
      comparison: '>=',
      unit: 'ratio',
      passed: false,
      evaluated: total,
      failing_ids: { kind: 'phone_id', count: 1, ranges: [[1, 1]], ids: [] },
      message: 'x',
      ...r,
    })),
  };
}

function history(
  values: number[],
  dimension: keyof DimensionScores = 'accuracy',
  key = 'registry',
): MetricsHistoryEntry[] {
  return values.map((v, i) => ({
    historyKey: key,
    level: 'registry',
    executed_at: new Date(Date.UTC(2026, 10, 1 + i)).toISOString(),
    total: 1000,
    scores: scores({ [dimension]: v }),
  }));
}

const subject = (e: SuiteEvaluation) => ({ subject: 'registry', historyKey: 'registry', evaluation: e });

describe('evaluateGate', () => {
  it('passes a healthy dataset with no history', () => {
    expect(evaluateGate(subject(evaluation(scores())), [], gate)).toMatchObject({
      passed: true,
      failures: [],
    });
  });

  it('fails on an error-severity expectation and only warns on a warn-severity one', () => {
    const failing = evaluateGate(
      subject(evaluation(scores(), [{ expectation: 'e164', severity: 'error' }])),
      [],
      gate,
    );
    expect(failing.passed).toBe(false);
    expect(failing.failures[0]).toMatchObject({
      kind: 'expectation',
      expectation: 'e164',
      subject: 'registry',
    });
    const warned = evaluateGate(
      subject(evaluation(scores(), [{ expectation: 'soft', severity: 'warn' }])),
      [],
      gate,
    );
    expect(warned.passed).toBe(true);
    expect(warned.warnings).toHaveLength(1);
  });

  it('fails an empty dataset with a clear message instead of passing 0/0', () => {
    const empty = createRegistryMetricsAccumulator({ now: new Date() }).result();
    const result = evaluateGate(
      subject({
        level: 'registry',
        metrics: empty,
        grade: gradeQuality(empty.scores, DEFAULT_QUALITY_CONFIG.grading),
        results: [],
      }),
      [],
      gate,
    );
    expect(result.passed).toBe(false);
    expect(result.failures[0]?.kind).toBe('empty');
    expect(result.failures[0]?.message).toBe(
      'registry is empty (0 records): an empty dataset never passes the gate',
    );
  });

  it('fails when nothing at all was evaluated', () => {
    expect(evaluateGate([], [], gate).passed).toBe(false);
  });

  it.each([
    // history, current accuracy, passes?
    [[0.99, 0.99, 0.99, 0.99, 0.99, 0.99, 0.99], 0.97, true], // exactly 0.02 below the median: allowed
    [[0.99, 0.99, 0.99, 0.99, 0.99, 0.99, 0.99], 0.9699, false], // more than 0.02 below, though above 0.95
    [[0.99, 0.99, 0.5, 0.99, 0.99, 0.99, 0.99], 0.975, true], // the median ignores one bad run
    [[0.99, 0.99], 0.9, true], // fewer than min_runs (3): no drop check
    // Only the last 7 runs count: older good runs do not raise the baseline.
    [[0.999, 0.999, 0.999, 0.96, 0.96, 0.96, 0.96, 0.96, 0.96, 0.96], 0.95, true],
  ])('history %j, accuracy %d → passes %s', (past, current, passes) => {
    const result = evaluateGate(subject(evaluation(scores({ accuracy: current }))), history(past), gate);
    expect(result.passed).toBe(passes);
    if (!passes) {
      expect(result.failures[0]).toMatchObject({
        kind: 'drop',
        dimension: 'accuracy',
        observed: current,
        expected: 0.99,
      });
      expect(result.failures[0]?.message).toContain('below the median 0.99 of the last 7 runs');
    }
  });

  it('uses the mean when configured', () => {
    const past = [0.99, 0.99, 0.99, 0.99, 0.99, 0.99, 0.8];
    const current = 0.95; // median 0.99 → drop 0.04 fails; mean ≈ 0.963 → drop 0.013 passes
    expect(evaluateGate(subject(evaluation(scores({ accuracy: current }))), history(past), gate).passed).toBe(
      false,
    );
    expect(
      evaluateGate(subject(evaluation(scores({ accuracy: current }))), history(past), {
        ...gate,
        baseline: 'mean',
      }).passed,
    ).toBe(true);
  });

  it('compares each subject only with its own history and names the failing batch', () => {
    const batch = {
      subject: 'batch 42 (web_forms)',
      historyKey: 'batch:web_forms',
      evaluation: evaluation(scores({ validity: 0.9 })),
    };
    const other = history([0.99, 0.99, 0.99], 'validity', 'batch:crm_salesforce');
    expect(evaluateGate(batch, other, gate).passed).toBe(true);
    const own = history([0.99, 0.99, 0.99], 'validity', 'batch:web_forms');
    const result = evaluateGate([subject(evaluation(scores())), batch], own, gate);
    expect(result.passed).toBe(false);
    expect(result.summary).toBe('gate FAILED: 1 failure(s) in batch 42 (web_forms)');
  });
});
