import { PhonesetError } from '../../core/errors.js';
import type { BatchManifest } from '../../store/batch.repository.js';
import type { QuarantineRepository } from '../../store/quarantine.repository.js';
import type { ImportCounts } from '../import/import-counts.js';
import { type ImportDeps, type MergeBatchOptions, mergeBatch } from '../import/import-file.js';
import type { ImportStore } from '../import/import-ports.js';
import { QUALITY_TOPIC } from './quality-topic.js';

/** What accepting a batch needs: the import's deps (a quarantined batch is merged) and the quarantine. */
export interface AcceptBatchDeps extends ImportDeps {
  store: ImportStore & { readonly quarantine: Pick<QuarantineRepository, 'resolve'> };
}

/** What `acceptBatch` did. */
export interface AcceptBatchResult {
  batch: BatchManifest;
  /** The rows of a quarantined batch, merged now from the lake; null for a batch merged before. */
  merged: ImportCounts | null;
}

/**
 * Accepts a batch that fails its quality checks, so it no longer blocks releases: status
 * `accepted`, with an audit row naming who accepted it and why, and an event. A reason is
 * required.
 *
 * - A completed batch (already merged) changes status only: status, audit row and event in one
 *   transaction.
 * - A quarantined batch (`import --gate`) ends its quarantine (same transaction) and its rows
 *   are then merged into the registry from the lake copy, chunk by chunk as an import does;
 *   it ends `accepted`. Interrupted, accepting it again goes on from the last committed chunk.
 *
 * @example
 * await acceptBatch(deps, 'b-42', { reason: 'known CRM export glitch, fixed upstream', actor: 'ana' });
 */
export async function acceptBatch(
  deps: AcceptBatchDeps,
  batchId: string,
  options: MergeBatchOptions & { reason: string },
): Promise<AcceptBatchResult> {
  const { store } = deps;
  const reason = options.reason.trim();
  if (reason === '')
    throw new PhonesetError('QUALITY_BATCH_NOT_ACCEPTABLE', {
      batch_id: batchId,
      detail: 'a reason is required',
    });
  const batch = await store.batches.get(batchId);
  if (!batch) throw new PhonesetError('STORE_NOT_FOUND', { what: 'Batch', id: batchId });
  const why = `batch accepted despite failing quality checks: ${reason}`;
  const event = (merging: boolean) => ({
    topic: QUALITY_TOPIC,
    key: batchId,
    payload: {
      event: 'batch_accepted',
      batch_id: batchId,
      source: batch.source,
      previous_status: batch.status,
      merged_from_lake: merging,
      reason,
    },
  });
  const audit = (next: string) => ({
    phone_id: null,
    customer_id: null,
    operation: 'UPDATE' as const,
    old_values: { batch_status: batch.status },
    new_values: { batch_status: next },
    changed_by: options.actor,
    change_reason: why,
    batch_id: batchId,
  });

  if (batch.status === 'completed') {
    await store.applyChanges({
      audits: [audit('accepted')],
      outbox: [event(false)],
      batchUpdate: { batch_id: batchId, status: 'accepted' },
    });
    return { batch: (await store.batches.get(batchId)) as BatchManifest, merged: null };
  }
  if (batch.status === 'quarantined') {
    const options_ = (batch.counts.options ?? {}) as Record<string, unknown>;
    await store.quarantine.resolve(batchId, {
      resolution: 'accepted',
      resolved_by: options.actor,
      reason,
      // Back to an unfinished import of its lake copy, marked accepted: the merge (and a merge
      // resumed after a crash) ends with status `accepted`.
      batch: {
        status: 'processing',
        checkpoint_row: 0,
        counts: { options: { ...options_, gate: 'accepted' } },
        error: null,
      },
      audit: audit('accepted (merging its rows from the lake)'),
      event: event(true),
    });
    return resumeAccepted(deps, batchId, options);
  }
  if (isAcceptedMerge(batch)) return resumeAccepted(deps, batchId, options);
  throw new PhonesetError('QUALITY_BATCH_NOT_ACCEPTABLE', {
    batch_id: batchId,
    detail: `its status is ${batch.status}; only a completed or quarantined batch can be accepted`,
  });
}

/** An accepted quarantined batch whose merge was interrupted. */
function isAcceptedMerge(batch: BatchManifest): boolean {
  const o = batch.counts.options as { gate?: unknown } | undefined;
  return (batch.status === 'processing' || batch.status === 'failed') && o?.gate === 'accepted';
}

async function resumeAccepted(
  deps: AcceptBatchDeps,
  batchId: string,
  options: MergeBatchOptions,
): Promise<AcceptBatchResult> {
  const pending = (await deps.store.batches.get(batchId)) as BatchManifest;
  const started =
    pending.status === 'processing'
      ? pending
      : await deps.store.batches.update(batchId, { status: 'processing', error: null });
  const { counts } = await mergeBatch(started, options, deps);
  return { batch: (await deps.store.batches.get(batchId)) as BatchManifest, merged: counts };
}
