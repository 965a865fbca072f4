import { PhonesetError } from '../../core/errors.js';
import type { BatchManifest } from '../../store/batch.repository.js';
import type { QuarantineRepository } from '../../store/quarantine.repository.js';
import type { ImportCounts } from '../import/import-counts.js';
import {
  type ImportDeps,
  type ImportGateOptions,
  type ImportQualityStore,
  type ImportQualitySummary,
  type MergeBatchOptions,
  mergeBatch,
  recheckBatch,
} from '../import/import-file.js';
import type { ImportStore } from '../import/import-ports.js';
import { QUALITY_TOPIC } from './quality-topic.js';

/** What ending a quarantine needs: the import's deps, the quality history and the quarantine. */
export interface QuarantineDeps extends ImportDeps {
  store: ImportStore & { readonly quarantine: Pick<QuarantineRepository, 'resolve' | 'quarantine'> };
  quality: ImportQualityStore;
}

/** What re-running a quarantined batch did. */
export interface ReprocessQuarantineResult {
  batch: BatchManifest;
  /** The verdict of today's checks. */
  quality: ImportQualitySummary;
  /** `merged`: it passed and its rows are now in the registry; `quarantined`: it still fails. */
  status: 'merged' | 'quarantined';
  /** The merge's counts, or (still quarantined) what a merge would do. */
  counts: ImportCounts;
}

async function quarantined(store: QuarantineDeps['store'], batchId: string): Promise<BatchManifest> {
  const batch = await store.batches.get(batchId);
  if (!batch) throw new PhonesetError('STORE_NOT_FOUND', { what: 'Batch', id: batchId });
  if (batch.status !== 'quarantined') {
    throw new PhonesetError('STORE_CONFLICT', {
      table: 'source_batches',
      detail: `batch ${batchId} is ${batch.status}, not quarantined`,
    });
  }
  return batch;
}

/**
 * Re-runs a quarantined batch from its lake copy through today's rules, numbering-plan
 * metadata and suite. Still failing, it stays quarantined with the new verdict (audited, an
 * event). Passing, its quarantine ends as `reprocessed` (audited, an event, one transaction)
 * and its rows are merged into the registry as an import does; it ends `completed`.
 *
 * @example
 * const r = await reprocessQuarantinedBatch(deps, 'b-42', { actor: 'ana', gate: { suite } });
 * r.status; // 'merged' | 'quarantined'
 */
export async function reprocessQuarantinedBatch(
  deps: QuarantineDeps,
  batchId: string,
  options: MergeBatchOptions & { gate: ImportGateOptions },
): Promise<ReprocessQuarantineResult> {
  const batch = await quarantined(deps.store, batchId);
  const checked = await recheckBatch(batch, options, deps);
  if (!checked.quality.passed) {
    return {
      batch: (await deps.store.batches.get(batchId)) as BatchManifest,
      quality: checked.quality,
      status: 'quarantined',
      counts: checked.counts,
    };
  }
  const stored = (batch.counts.options ?? {}) as Record<string, unknown>;
  const reason = `passed its checks when reprocessed (suite ${options.gate.suite.file})`;
  await deps.store.quarantine.resolve(batchId, {
    resolution: 'reprocessed',
    resolved_by: options.actor,
    reason,
    batch: {
      status: 'processing',
      checkpoint_row: 0,
      counts: { options: { ...stored, gate: 'passed' } },
      error: null,
    },
    audit: {
      phone_id: null,
      customer_id: null,
      operation: 'UPDATE',
      old_values: { batch_status: 'quarantined' },
      new_values: { batch_status: 'processing', quarantine: 'reprocessed' },
      changed_by: options.actor,
      change_reason: `batch reprocessed: ${reason}; its rows are merged from the lake`,
      batch_id: batchId,
    },
    event: {
      topic: QUALITY_TOPIC,
      key: batchId,
      payload: { event: 'batch_reprocessed', batch_id: batchId, source: batch.source, passed: true },
    },
  });
  const merging = (await deps.store.batches.get(batchId)) as BatchManifest;
  const merged = await mergeBatch(merging, options, deps);
  return {
    batch: (await deps.store.batches.get(batchId)) as BatchManifest,
    quality: checked.quality,
    status: 'merged',
    counts: merged.counts,
  };
}

/**
 * Removes a quarantined batch: it is not merged and no longer blocks releases. Its manifest
 * row and lake copy stay (nothing received is ever dropped); status `removed`, audited with
 * the reason, an event, in one transaction.
 *
 * @example
 * await removeQuarantinedBatch(app.store, 'b-42', { actor: 'ana', reason: 'wrong file sent by the CRM team' });
 */
export async function removeQuarantinedBatch(
  store: QuarantineDeps['store'],
  batchId: string,
  options: { actor: string; reason: string },
): Promise<BatchManifest> {
  const reason = options.reason.trim();
  if (reason === '')
    throw new PhonesetError('CLI_BAD_USAGE', { detail: 'a reason is required to remove a batch' });
  const batch = await quarantined(store, batchId);
  await store.quarantine.resolve(batchId, {
    resolution: 'removed',
    resolved_by: options.actor,
    reason,
    batch: { status: 'removed', error: `removed from quarantine: ${reason}` },
    audit: {
      phone_id: null,
      customer_id: null,
      operation: 'UPDATE',
      old_values: { batch_status: 'quarantined' },
      new_values: { batch_status: 'removed' },
      changed_by: options.actor,
      change_reason: `quarantined batch removed: ${reason}`,
      batch_id: batchId,
    },
    event: {
      topic: QUALITY_TOPIC,
      key: batchId,
      payload: { event: 'batch_removed', batch_id: batchId, source: batch.source, reason },
    },
  });
  return (await store.batches.get(batchId)) as BatchManifest;
}
