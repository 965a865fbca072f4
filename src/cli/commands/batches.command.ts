import type { Command } from 'commander';
import { createApp } from '../../app.js';
import { getConfig } from '../../config.js';
import { PhonesetError } from '../../core/errors.js';
import { resolveActor } from '../../pipeline/import/index.js';
import { acceptBatch } from '../../pipeline/quality/index.js';
import { BATCH_STATUSES, type BatchManifest, type BatchStatus } from '../../store/batch.repository.js';
import { formatTable } from '../ui/format-table.js';

const count = (b: BatchManifest, key: string): number | string => {
  const v = b.counts[key];
  return typeof v === 'number' ? v : '';
};

/** `phoneset batches [show ID]`: the manifest of received batches with their import counts. */
export function registerBatchesCommand(program: Command): void {
  const batches = program
    .command('batches')
    .description('List received batches with their counts; `batches show ID` for one batch')
    .option('--status <status>', `only batches in this status (${BATCH_STATUSES.join(', ')})`)
    .option('--source <source>', 'only batches from this source')
    .option('--limit <n>', 'at most this many, newest first', '50')
    .option('--json', 'print as NDJSON, one batch per line')
    .action(async (options: { status?: string; source?: string; limit: string; json?: boolean }) => {
      if (options.status && !BATCH_STATUSES.includes(options.status as BatchStatus)) {
        throw new PhonesetError('CLI_BAD_USAGE', {
          detail: `--status must be one of ${BATCH_STATUSES.join(', ')}`,
        });
      }
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1) {
        throw new PhonesetError('CLI_BAD_USAGE', {
          detail: `--limit "${options.limit}" is not a positive integer`,
        });
      }
      const app = await createApp(getConfig());
      try {
        const list = await app.store.batches.list({
          limit,
          ...(options.status ? { status: options.status as BatchStatus } : {}),
          ...(options.source ? { source: options.source } : {}),
        });
        if (options.json) {
          for (const b of list) process.stdout.write(`${JSON.stringify(b)}\n`);
          return;
        }
        if (list.length === 0) {
          process.stdout.write('No batches yet: `phoneset import FILE --source S` creates one.\n');
          return;
        }
        process.stdout.write(
          formatTable(list, [
            { title: 'batch', value: (b) => b.batch_id },
            { title: 'received', value: (b) => b.received_at.toISOString().slice(0, 19).replace('T', ' ') },
            { title: 'source', value: (b) => b.source },
            { title: 'file', value: (b) => b.file_name ?? '' },
            { title: 'status', value: (b) => b.status },
            { title: 'rows', value: (b) => b.row_count ?? '', align: 'right' },
            { title: 'inserted', value: (b) => count(b, 'inserted'), align: 'right' },
            { title: 'updated', value: (b) => count(b, 'updated'), align: 'right' },
            { title: 'unchanged', value: (b) => count(b, 'unchanged'), align: 'right' },
            { title: 'rejected', value: (b) => count(b, 'rejected'), align: 'right' },
            { title: 'duplicates', value: (b) => count(b, 'duplicates'), align: 'right' },
          ]),
        );
      } finally {
        await app.close();
      }
    });

  batches
    .command('show <batch_id>')
    .description('Show one batch: manifest, counts, reasons and checkpoint')
    .option('--json', 'print as one JSON object')
    .action(async (batchId: string, options: { json?: boolean }) => {
      const app = await createApp(getConfig());
      try {
        const b = await app.store.batches.get(batchId);
        if (!b) throw new PhonesetError('STORE_NOT_FOUND', { what: 'Batch', id: batchId });
        const rejects = await app.store.rejects.countByBatch(batchId);
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ ...b, rejected_records: rejects })}\n`);
          return;
        }
        const lines = [
          ['batch', b.batch_id],
          ['source', b.source],
          ['file', b.file_name ?? '-'],
          ['format', b.format ?? '-'],
          ['size', b.size_bytes === null ? '-' : `${b.size_bytes} bytes`],
          ['sha256', b.sha256 ?? '-'],
          ['lake', b.lake_path ?? '-'],
          ['rows', b.row_count ?? '-'],
          ['status', b.status],
          ['received', b.received_at.toISOString()],
          ['completed', b.completed_at?.toISOString() ?? '-'],
          ['checkpoint', `row ${b.checkpoint_row}`],
          ['rejected records', rejects],
          ...(b.error ? [['error', b.error]] : []),
        ];
        const width = Math.max(...lines.map(([k]) => String(k).length));
        process.stdout.write(lines.map(([k, v]) => `${String(k).padEnd(width)}  ${v}\n`).join(''));
        const entries = Object.entries(b.counts);
        if (entries.length) {
          process.stdout.write('\ncounts\n');
          for (const [k, v] of entries) {
            process.stdout.write(
              typeof v === 'object' && v !== null
                ? `  ${k}\n${Object.entries(v)
                    .map(([r, n]) => `    ${r}: ${String(n)}\n`)
                    .join('')}`
                : `  ${k}: ${String(v)}\n`,
            );
          }
        }
      } finally {
        await app.close();
      }
    });

  batches
    .command('accept <batch_id>')
    .description('Accept a batch that fails its quality checks, so it no longer blocks releases (audited)')
    .requiredOption('--reason <text>', 'why it is accepted; kept in the audit trail')
    .action(async (batchId: string, options: { reason: string }) => {
      const app = await createApp(getConfig());
      try {
        const b = await acceptBatch(app.store, batchId, { reason: options.reason, actor: resolveActor() });
        process.stdout.write(`Batch ${b.batch_id} accepted: it no longer blocks releases.\n`);
      } finally {
        await app.close();
      }
    });
}
