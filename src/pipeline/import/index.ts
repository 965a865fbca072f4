/**
 * The import pipeline: a customer phone file into the registry, crash-safe and resumable.
 *
 * @example
 * import { importFile } from '../pipeline/import/index.js';
 */
export { createImportCounts, type ImportCounts } from './import-counts.js';
export {
  type ChunkSink,
  type ImportDeps,
  type ImportEngine,
  type ImportFileOptions,
  type ImportProgress,
  type ImportSummary,
  importFile,
  storeSink,
} from './import-file.js';
export type { ImportLake, ImportStore } from './import-ports.js';
export { mergeSighting } from './merge-sighting.js';
export {
  CHANGE_TOPIC,
  type ChunkContext,
  type ChunkPlan,
  type ChunkState,
  candidateRecord,
  formatReason,
  type MergeRecords,
  planChunk,
  reasonCode,
} from './plan-chunk.js';
export { type ChunkSource, type PlanRowsContext, planRows } from './plan-rows.js';
export { type ImportCandidate, readCandidate } from './read-candidate.js';
export { resolveActor } from './resolve-actor.js';
export { openRejectsWriter, type RejectsWriter } from './write-rejects-file.js';
