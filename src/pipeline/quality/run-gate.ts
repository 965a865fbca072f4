import {
  createSuiteEvaluator,
  type ExpectationSuite,
  evaluateGate,
  type GateFinding,
  type GateResult,
  type GateSubject,
  type SuiteEvaluation,
} from '../../core/quality/index.js';
import type { BatchManifest } from '../../store/batch.repository.js';
import { measureBatch } from './measure-batch.js';
import { measureRegistry } from './measure-registry.js';
import { readHistory, toMetricRow } from './quality-history.js';
import type { QualityEngine, QualityStore } from './quality-ports.js';

/** One batch the gate looked at. */
export interface GatedBatch {
  batch: BatchManifest;
  evaluation: SuiteEvaluation;
  /** Explicitly accepted (`phoneset batches accept`): its failures are warnings. */
  accepted: boolean;
  /** Its own checks passed (error-severity expectations). */
  passed: boolean;
  /**
   * Kept out of the registry by `import --gate`: judged by the verdict stored when it was
   * quarantined (its rows are in the lake, not the registry), and blocking until it is
   * reprocessed, removed or accepted.
   */
  quarantine?: { quarantined_at: Date; quarantined_by: string; reason: string; failed: string[] };
}

/** The gate's full outcome: the verdict and every evaluation behind it. */
export interface GateRun {
  gate: GateResult;
  registry: SuiteEvaluation;
  batches: GatedBatch[];
  /** Ids of batches that fail and block releases until reprocessed, removed or accepted. */
  blocking: string[];
  /** When the last release was made; batches received after it are gated. */
  since: Date | null;
}

/**
 * Batch statuses the gate looks at: merged, quarantined (judged by its stored verdict), or
 * accepted despite failing. A removed batch no longer counts.
 */
const GATED_STATUSES = new Set(['completed', 'quarantined', 'accepted']);

/**
 * The quality gate: runs the suite on the registry and on every batch received since the last
 * release, compares each with its history (`data_quality_metrics`), and returns the verdict.
 * A batch measured for the first time leaves its metrics row (level `batch`). Accepted batches
 * are evaluated and reported, but their failures no longer block.
 *
 * @example
 * const run = await runGate(app.store, { suite, engine: createPhoneEngine() });
 * if (!run.gate.passed) process.exitCode = 1;
 */
export async function runGate(
  store: QualityStore,
  options: {
    suite: ExpectationSuite;
    engine?: QualityEngine & { normalize(raw: string): { normalized: string | null } };
    now?: Date;
    /** A registry evaluation already made in this run (the report's), to avoid a second pass. */
    registry?: SuiteEvaluation;
  },
): Promise<GateRun> {
  const [lastRelease] = await store.releases.list({ limit: 1 });
  const since = lastRelease?.created_at ?? null;
  const history = await readHistory(store, { limit: 2000 });
  const batches = (await store.batches.list({ limit: 10_000 }))
    // A quarantined batch blocks whenever it arrived: nothing of it was ever released.
    .filter(
      (b) => GATED_STATUSES.has(b.status) && (b.status === 'quarantined' || !since || b.received_at > since),
    )
    .sort((a, b) => a.received_at.getTime() - b.received_at.getTime());
  const registry =
    options.registry ??
    (await measureRegistry(store, {
      suite: options.suite,
      ...(options.now ? { now: options.now } : {}),
      ...(options.engine ? { engine: options.engine } : {}),
    }));
  const subjects: GateSubject[] = [{ subject: 'registry', historyKey: 'registry', evaluation: registry }];
  const gated: GatedBatch[] = [];
  const quarantined: GateFinding[] = [];
  for (const batch of batches) {
    const subject = `batch ${batch.batch_id} (${batch.source}, ${batch.file_name ?? 'no file name'})`;
    if (batch.status === 'quarantined') {
      const q = await store.quarantine.get(batch.batch_id);
      const failed = (q?.failures ?? []).map((f) => f.expectation);
      const evaluation =
        (q?.evaluation as SuiteEvaluation | undefined) ??
        createSuiteEvaluator(options.suite, { level: 'batch', now: batch.received_at }).result();
      gated.push({
        batch,
        evaluation,
        accepted: false,
        passed: false,
        quarantine: {
          quarantined_at: q?.quarantined_at ?? batch.completed_at ?? batch.received_at,
          quarantined_by: q?.quarantined_by ?? batch.created_by ?? 'unknown',
          reason: q?.reason ?? batch.error ?? 'quarantined',
          failed,
        },
      });
      // Blocks on its status: the rows it was judged by are in the lake, not in the registry.
      quarantined.push({
        subject,
        kind: 'expectation',
        expectation: 'quarantined',
        observed: null,
        expected: null,
        message: `${subject} is quarantined (${q?.reason ?? batch.error ?? 'failed its checks'}): not merged, blocks releases until reprocessed, removed or accepted`,
      });
      continue;
    }
    const evaluation = await measureBatch(store, batch, {
      suite: options.suite,
      ...(options.engine ? { engine: options.engine } : {}),
    });
    const historyKey = `batch:${batch.source}`;
    const stored = await store.metrics.list({ level: 'batch', batch_id: batch.batch_id, limit: 1 });
    if (stored.length === 0)
      await store.metrics.insert(toMetricRow(evaluation, { historyKey, batchId: batch.batch_id }));
    const own = evaluateGate(
      { subject, historyKey, evaluation },
      // Its own stored run is not its history.
      history.filter((h) => h.executed_at < evaluation.metrics.measured_at),
      options.suite.config.gate,
    );
    const accepted = batch.status === 'accepted';
    gated.push({ batch, evaluation, accepted, passed: own.passed });
    if (!accepted) subjects.push({ subject, historyKey, evaluation });
  }
  const gate = evaluateGate(subjects, history, options.suite.config.gate);
  if (quarantined.length > 0) {
    gate.failures.push(...quarantined);
    gate.passed = false;
    // The same wording as evaluateGate's, now counting the quarantined batches too.
    gate.summary = `gate FAILED: ${gate.failures.length} failure(s) in ${[...new Set(gate.failures.map((f) => f.subject))].join(', ')}`;
  }
  for (const b of gated) {
    if (b.accepted && !b.passed)
      gate.warnings.push({
        subject: `batch ${b.batch.batch_id}`,
        kind: 'expectation',
        observed: null,
        expected: null,
        message: `batch ${b.batch.batch_id} fails its checks but was accepted (see its audit trail)`,
      });
  }
  return {
    gate,
    registry,
    batches: gated,
    blocking: gated.filter((b) => !b.accepted && !b.passed).map((b) => b.batch.batch_id),
    since,
  };
}
