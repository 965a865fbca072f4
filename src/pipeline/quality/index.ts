/**
 * Quality runs over the store: registry and batch measurements, the gate, the report.
 *
 * @example
 * import { buildQualityReport, runGate, loadSuite } from '../pipeline/quality/index.js';
 */

export { type AcceptBatchDeps, type AcceptBatchResult, acceptBatch } from './accept-batch.js';
export { buildQualityReport, datasetVersionOf, type QualityReportRun } from './build-quality-report.js';
export { type BatchCheck, createBatchChecker, judgeBatch } from './check-batch.js';
export { DEFAULT_SUITE_FILE, loadSuite } from './load-suite.js';
export { measureBatch } from './measure-batch.js';
export { type MeasureRegistryOptions, measureRegistry } from './measure-registry.js';
export { profileDataset } from './profile-dataset.js';
export { readHistory, toHistoryEntry, toMetricRow } from './quality-history.js';
export type { QualityEngine, QualityStore } from './quality-ports.js';
export { QUALITY_TOPIC } from './quality-topic.js';
export {
  acceptedRowOutcome,
  type RawPhoneReader,
  readBatchOutcomes,
  rejectedRowOutcome,
} from './read-batch-outcomes.js';
export {
  type QuarantineDeps,
  type ReprocessQuarantineResult,
  removeQuarantinedBatch,
  reprocessQuarantinedBatch,
} from './resolve-quarantine.js';
export { type GatedBatch, type GateRun, runGate } from './run-gate.js';
export { type PiiAllowList, type PiiFinding, parseAllowList, scanPii } from './scan-pii.js';
