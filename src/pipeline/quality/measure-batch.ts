import type { ExpectationSuite, SuiteEvaluation } from '../../core/quality/index.js';
import { createSuiteEvaluator } from '../../core/quality/index.js';
import type { BatchManifest } from '../../store/batch.repository.js';
import type { QualityEngine, QualityStore } from './quality-ports.js';
import { readBatchOutcomes } from './read-batch-outcomes.js';

/**
 * Runs the suite on one imported batch (what the source sent), from its lineage and rejects.
 *
 * @example
 * const evaluation = await measureBatch(app.store, batch, { suite });
 */
export async function measureBatch(
  store: Pick<QualityStore, 'lineage' | 'rejects' | 'phones'>,
  batch: BatchManifest,
  options: {
    suite: ExpectationSuite;
    engine?: QualityEngine & { normalize(raw: string): { normalized: string | null } };
  },
): Promise<SuiteEvaluation> {
  // Measured as of the batch's arrival: freshness checks judge what the source sent then.
  const sut = createSuiteEvaluator(options.suite, { level: 'batch', now: batch.received_at });
  for await (const outcome of readBatchOutcomes(store, batch, options.engine)) sut.add(outcome);
  return sut.result();
}
