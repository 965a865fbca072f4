import type { RejectInput } from '../../store/reject.repository.js';
import { createRecordWriter } from '../formats/create-record-writer.js';
import { reasonCode } from './plan-chunk.js';

/** A CSV file of rejected rows being written. */
export interface RejectsWriter {
  write(reject: RejectInput): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}

/**
 * Opens a CSV of rejected rows: `row`, `reasons` (codes), `details` (field and why of each
 * reason), then the row's raw values under the source's own headers; values under any other
 * key go, as JSON, to `extra_fields`, so nothing read is lost.
 *
 * @example
 * const w = openRejectsWriter('rejects.csv', ['Cedula', 'Celular']);
 * for await (const r of store.rejects.iterateByBatch(batchId)) await w.write(r);
 * await w.close();
 */
export function openRejectsWriter(path: string, headers: readonly string[]): RejectsWriter {
  const known = new Set(headers);
  const writer = createRecordWriter('csv', path, {
    columns: ['row', 'reasons', 'details', ...headers, 'extra_fields'],
  });
  return {
    async write(r) {
      const record: Record<string, unknown> = {
        row: r.row_number,
        reasons: r.reasons.map(reasonCode).join('; '),
        details: r.reasons.join('; '),
      };
      const extra: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(r.raw_values)) {
        if (known.has(k)) record[k] = v;
        else extra[k] = v;
      }
      record.extra_fields = Object.keys(extra).length > 0 ? JSON.stringify(extra) : null;
      await writer.write(record);
    },
    close: () => writer.close(),
    abort: async () => {
      await writer.abort?.();
    },
  };
}
