import { PhonesetError } from '../../core/errors.js';
import { createProfileAccumulator, type DataProfile } from '../../core/quality/index.js';
import type { Lake } from '../../lake/lake.js';
import { readRecords } from '../formats/read-records.js';
import type { InputFormat } from '../formats/record-format.js';
import { resolveColumns } from '../formats/resolve-columns.js';
import { canonicalRecord } from '../release/canonical-record.js';
import type { QualityStore } from './quality-ports.js';

/**
 * Hides a phone value in a profile while keeping what a profile is for (its length, digit
 * shape and separators): the first three and last two digits stay, the others become 0.
 */
function hideDigits(value: unknown): unknown {
  if (typeof value !== 'string' && typeof value !== 'number') return value;
  const text = String(value);
  const total = (text.match(/\d/g) ?? []).length;
  let seen = 0;
  return text.replace(/\d/g, (d) => {
    seen++;
    return seen <= 3 || seen > total - 2 ? d : '0';
  });
}

/**
 * Profiles the registry (published records, streamed) or one raw batch read back from the
 * lake exactly as received. Phone values are profiled with their middle digits hidden, so a
 * profile page never carries a customer's number.
 *
 * @example
 * const profile = await profileDataset({ store: app.store, lake }, { batchId: 'b-42' });
 */
export async function profileDataset(
  deps: { store: Pick<QualityStore, 'phones' | 'batches'>; lake: Pick<Lake, 'open'> },
  options: { batchId?: string } = {},
): Promise<{ profile: DataProfile; subject: string }> {
  const acc = createProfileAccumulator();
  if (!options.batchId) {
    for await (const r of deps.store.phones.iterate({ masters_only: true })) {
      const row = canonicalRecord(r) as Record<string, unknown>;
      acc.add({
        ...row,
        phone_number: hideDigits(row.phone_number),
        sources: r.sources.join(','),
        issues: r.issues.join(','),
      });
    }
    return { profile: acc.result(), subject: 'registry' };
  }
  const batch = await deps.store.batches.get(options.batchId);
  if (!batch) throw new PhonesetError('STORE_NOT_FOUND', { what: 'Batch', id: options.batchId });
  if (!batch.lake_path)
    throw new PhonesetError('LAKE_NOT_FOUND', { path: `batch ${batch.batch_id} (no lake copy)` });
  const input = deps.lake.open(batch.lake_path, batch.sha256 ? { sha256: batch.sha256 } : {});
  let phoneColumn: string | undefined;
  for await (const row of readRecords(input, {
    format: (batch.format ?? 'csv') as InputFormat,
    name: batch.file_name ?? batch.batch_id,
  })) {
    if (phoneColumn === undefined && !row.error) {
      try {
        phoneColumn = resolveColumns(Object.keys(row.fields)).phone_number;
      } catch {
        phoneColumn = '';
      }
    }
    const fields = { ...row.fields };
    if (phoneColumn && phoneColumn in fields) fields[phoneColumn] = hideDigits(fields[phoneColumn]);
    acc.add(fields);
  }
  return {
    profile: acc.result(),
    subject: `batch ${batch.batch_id} (${batch.source}, ${batch.file_name ?? '-'})`,
  };
}
