import { METADATA_VERSION } from '../../core/phone/index.js';
import type { ExpectationSuite, QualityReport } from '../../core/quality/index.js';
import { createContentDigest } from '../release/create-content-digest.js';
import { measureRegistry } from './measure-registry.js';
import { readHistory, toMetricRow } from './quality-history.js';
import type { QualityEngine, QualityStore } from './quality-ports.js';
import { type GateRun, runGate } from './run-gate.js';

/** What `phoneset quality-report` produces. */
export interface QualityReportRun {
  report: QualityReport;
  gate: GateRun;
  /** The `data_quality_metrics` row this run left. */
  metric_id: string;
  /** Content digest of the registry measured (`sha256:` + 12 hex digits is its dataset version). */
  digest: string;
}

/**
 * Measures the registry now (one streamed pass in customer order: suite, metrics, grade and the
 * content digest that names the dataset version), gates it with every batch since the last
 * release, stores the run in `data_quality_metrics` (level `registry`, the dataset version),
 * and returns the report with the history between the dates.
 *
 * @example
 * const { report } = await buildQualityReport(app.store, { suite, engine, from: '2026-11-01' });
 * writeFileSync('q.html', renderQualityReportHtml(report));
 */
export async function buildQualityReport(
  store: QualityStore,
  options: {
    suite: ExpectationSuite;
    engine?: QualityEngine & { normalize(raw: string): { normalized: string | null } };
    now?: Date;
    from?: string;
    to?: string;
  },
): Promise<QualityReportRun> {
  const now = options.now ?? new Date();
  const digest = createContentDigest();
  const registry = await measureRegistry(store, {
    suite: options.suite,
    now,
    ...(options.engine ? { engine: options.engine } : {}),
    onRecord: (r) => digest.add(r),
  });
  const gate = await runGate(store, { ...options, now, registry });
  const sha = digest.result();
  const version = datasetVersionOf(sha);
  const metric = await store.metrics.insert(
    toMetricRow(registry, { historyKey: 'registry', datasetVersion: version }),
  );
  const history = await readHistory(store, {
    ...(options.from ? { from: options.from } : {}),
    ...(options.to ? { to: options.to } : {}),
  });
  return {
    report: {
      title: 'Registry quality',
      subject: 'registry',
      dataset_version: version,
      generated_at: now.toISOString(),
      evaluation: registry,
      history,
      gate: gate.gate,
      metadata_version: METADATA_VERSION,
    },
    gate,
    metric_id: metric.metric_id,
    digest: sha,
  };
}

/**
 * The dataset version of content with this digest.
 *
 * @example
 * datasetVersionOf('9f2c4e…'); // 'sha256:9f2c4e0a1b2c'
 */
export function datasetVersionOf(digest: string): string {
  return `sha256:${digest.slice(0, 12)}`;
}
