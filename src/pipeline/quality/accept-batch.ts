import { PhonesetError } from '../../core/errors.js';
import type { BatchManifest } from '../../store/batch.repository.js';
import type { QualityStore } from './quality-ports.js';

/**
 * Accepts a batch that fails its quality checks, so it no longer blocks releases: status
 * `accepted`, with an audit row naming who accepted it and why. Only a finished batch
 * (completed or quarantined) can be accepted, and a reason is required.
 *
 * @example
 * await acceptBatch(app.store, 'b-42', { reason: 'known CRM export glitch, fixed upstream', actor: 'ana' });
 */
export async function acceptBatch(
  store: Pick<QualityStore, 'batches' | 'audit'>,
  batchId: string,
  options: { reason: string; actor: string },
): Promise<BatchManifest> {
  const reason = options.reason.trim();
  if (reason === '')
    throw new PhonesetError('QUALITY_BATCH_NOT_ACCEPTABLE', {
      batch_id: batchId,
      detail: 'a reason is required',
    });
  const batch = await store.batches.get(batchId);
  if (!batch) throw new PhonesetError('STORE_NOT_FOUND', { what: 'Batch', id: batchId });
  if (batch.status !== 'completed' && batch.status !== 'quarantined') {
    throw new PhonesetError('QUALITY_BATCH_NOT_ACCEPTABLE', {
      batch_id: batchId,
      detail: `its status is ${batch.status}; only a completed or quarantined batch can be accepted`,
    });
  }
  await store.audit.append([
    {
      phone_id: null,
      customer_id: null,
      operation: 'UPDATE',
      old_values: { batch_status: batch.status },
      new_values: { batch_status: 'accepted' },
      changed_by: options.actor,
      change_reason: `batch accepted despite failing quality checks: ${reason}`,
      batch_id: batchId,
    },
  ]);
  return store.batches.update(batchId, { status: 'accepted' });
}
