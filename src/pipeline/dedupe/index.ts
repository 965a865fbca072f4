/**
 * Database-backed deduplication: batch runs, merge sets and undo, the review queue,
 * shared-number report, explanations and online matching of new records.
 *
 * @example
 * import { runDedupe, undoMerge } from '../pipeline/dedupe/index.js';
 */
export { absorbMembers } from './absorb-members.js';
export { acceptReview, pendingPair, type ReviewOutcome, reviewAudits } from './accept-review.js';
export type { DedupeStore } from './dedupe-ports.js';
export { type DedupeReport, dedupeReport } from './dedupe-report.js';
export { type ExplainStore, explainStoredPair } from './explain-stored-pair.js';
export { loadRegistry } from './load-registry.js';
export { createOnlineDedupe, type OnlineDedupe, type OnlineSummary } from './online-dedupe.js';
export { type ClusterToMerge, type MergePlan, planMerge } from './plan-merge.js';
export { rejectReview } from './reject-review.js';
export { resolveClusters } from './resolve-clusters.js';
export {
  type DedupeGroupSummary,
  type DedupeRunOptions,
  type DedupeRunSummary,
  loadLabels,
  runDedupe,
} from './run-dedupe.js';
export { type UndoSummary, undoMerge } from './undo-merge.js';
