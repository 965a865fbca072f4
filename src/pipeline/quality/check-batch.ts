import {
  createSuiteEvaluator,
  type ExpectationSuite,
  evaluateGate,
  type GateResult,
  type MetricsHistoryEntry,
  type SuiteEvaluation,
} from '../../core/quality/index.js';
import type { PhoneRecord } from '../../core/registry/phone-record.js';
import type { QuarantineFailure } from '../../store/quarantine.repository.js';
import type { ChunkPlan, ChunkState } from '../import/plan-chunk.js';
import { acceptedRowOutcome, type RawPhoneReader, rejectedRowOutcome } from './read-batch-outcomes.js';

/** The verdict of a batch's own checks, before its rows are merged. */
export interface BatchCheck {
  evaluation: SuiteEvaluation;
  /** The gate on this batch alone (its error-severity expectations, emptiness, drops). */
  gate: GateResult;
  passed: boolean;
  /** Each failing finding, with how many rows fail it: what a quarantine keeps. */
  failures: QuarantineFailure[];
  /** One line naming what failed; empty when it passed. */
  reason: string;
}

/**
 * Collects the row outcomes of a batch from the import's own chunk plans (made against the
 * registry, nothing written), with the suite's batch evaluator: the same outcome functions
 * and the same metric implementation as `measureBatch` uses on a merged batch.
 *
 * @example
 * const checker = createBatchChecker(suite, { source: 'web_forms', arrivedAt, engine });
 * checker.addPlan(plan, state);
 * const evaluation = checker.result();
 */
export function createBatchChecker(
  suite: ExpectationSuite,
  options: { source: string; arrivedAt: Date; engine?: RawPhoneReader },
): { addPlan(plan: ChunkPlan, state: ChunkState): void; result(): SuiteEvaluation } {
  // Measured as of the batch's arrival, like `measureBatch`.
  const sut = createSuiteEvaluator(suite, { level: 'batch', now: options.arrivedAt });
  return {
    addPlan(plan, state) {
      const byId = new Map<string, PhoneRecord>();
      for (const r of state.records) byId.set(r.phone_id, r);
      for (const r of plan.updates) byId.set(r.phone_id, r);
      for (const r of plan.inserts) byId.set(r.phone_id, r);
      for (const line of plan.lineage) {
        const record = byId.get(line.phone_id);
        if (record)
          sut.add(acceptedRowOutcome(line.row_number ?? 0, line.source_system, record, options.arrivedAt));
      }
      for (const reject of plan.rejects) {
        sut.add(
          rejectedRowOutcome(
            reject.row_number ?? 0,
            reject,
            options.source,
            options.arrivedAt,
            options.engine,
          ),
        );
      }
    },
    result: () => sut.result(),
  };
}

/**
 * Judges one batch's evaluation as the gate would (`evaluateGate` with the batch's history
 * `batch:<source>`), and lists its failures for a quarantine.
 *
 * @example
 * const check = judgeBatch(evaluation, { batchId, source: 'web_forms', suite, history });
 * if (!check.passed) console.log(check.reason); // 'completeness 40.00% (needs ≥ 95.00%)…'
 */
export function judgeBatch(
  evaluation: SuiteEvaluation,
  options: {
    batchId: string;
    source: string;
    fileName?: string | null;
    suite: ExpectationSuite;
    history: readonly MetricsHistoryEntry[];
  },
): BatchCheck {
  const subject = `batch ${options.batchId} (${options.source}, ${options.fileName ?? 'no file name'})`;
  const gate = evaluateGate(
    { subject, historyKey: `batch:${options.source}`, evaluation },
    options.history,
    options.suite.config.gate,
  );
  const failures: QuarantineFailure[] = gate.failures.map((f) => {
    const result = f.expectation
      ? evaluation.results.find((r) => r.expectation === f.expectation)
      : undefined;
    return {
      expectation: f.expectation ?? (f.kind === 'drop' ? `drop_${f.dimension ?? 'metric'}` : f.kind),
      severity: result?.severity ?? 'error',
      observed: f.observed,
      threshold: f.expected,
      failing: result?.failing_ids.count ?? 0,
      // The verdict belongs to this batch: its messages need not name it again.
      message: f.message.startsWith(`${subject}: `) ? f.message.slice(subject.length + 2) : f.message,
    };
  });
  return {
    evaluation,
    gate,
    passed: gate.passed,
    failures,
    reason: failures.map((f) => f.expectation).join(', '),
  };
}
