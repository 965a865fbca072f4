import type { Command } from 'commander';
import { createApp } from '../../app.js';
import { getConfig } from '../../config.js';
import { PhonesetError } from '../../core/errors.js';
import { createOnlineDedupe } from '../../pipeline/dedupe/index.js';
import type { ImportCounts } from '../../pipeline/import/index.js';
import { resolveActor } from '../../pipeline/import/index.js';
import { acceptBatch, removeQuarantinedBatch } from '../../pipeline/quality/index.js';
import { BATCH_STATUSES, type BatchManifest, type BatchStatus } from '../../store/batch.repository.js';
import { formatTable } from '../ui/format-table.js';

const count = (b: BatchManifest, key: string): number | string => {
  const v = b.counts[key];
  return typeof v === 'number' ? v : '';
};

const formatMerged = (c: ImportCounts): string =>
  `${c.received} rows: ${c.inserted} inserted, ${c.updated} updated, ${c.unchanged} unchanged, ${c.duplicates} duplicates, ${c.rejected} rejected`;

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
        const quarantine = await app.store.quarantine.get(batchId);
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ ...b, rejected_records: rejects, quarantine })}\n`);
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
        if (quarantine) {
          const q = quarantine;
          process.stdout.write(
            `\nquarantine\n  since ${q.quarantined_at.toISOString()} by ${q.quarantined_by} (suite ${q.suite_file ?? '-'})\n`,
          );
          for (const f of q.failures) process.stdout.write(`  ✗ ${f.message}\n`);
          process.stdout.write(
            q.resolution
              ? `  ended: ${q.resolution} by ${q.resolved_by} at ${q.resolved_at?.toISOString()}: ${q.resolution_reason}\n`
              : `  open: not merged; accept (batches accept ${b.batch_id} --reason TEXT), reprocess (reprocess --batch ${b.batch_id}) or remove (batches remove ${b.batch_id} --reason TEXT)\n`,
          );
        }
        const entries = Object.entries(b.counts);
        if (entries.length) {
          process.stdout.write(
            b.status === 'quarantined'
              ? '\ncounts (what its merge would do; nothing merged)\n'
              : '\ncounts\n',
          );
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
    .option('--json', 'print the outcome as one JSON object')
    .addHelpText(
      'after',
      `
A batch that was merged and fails the gate is marked accepted: its failures become warnings.
A quarantined batch (\`import --gate\`) is merged now from its lake copy, chunk by chunk as an
import does, and ends accepted; if that is interrupted, run the same command again to go on.

Examples:
  $ phoneset batches accept 1f0c2a9e-… --reason "known CRM export glitch, fixed upstream"`,
    )
    .action(async (batchId: string, options: { reason: string; json?: boolean }) => {
      const app = await createApp(getConfig());
      try {
        const actor = resolveActor();
        const r = await acceptBatch(
          {
            store: app.store,
            lake: app.lake,
            engine: app.engine,
            online: createOnlineDedupe(app.store, { actor }),
          },
          batchId,
          { reason: options.reason, actor, rules: app.config.rules },
        );
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ batch: r.batch, merged: r.merged })}\n`);
          return;
        }
        process.stdout.write(
          r.merged
            ? `Batch ${r.batch.batch_id} accepted and merged from the lake: ${formatMerged(r.merged)}. It no longer blocks releases.\n`
            : `Batch ${r.batch.batch_id} accepted: it no longer blocks releases.\n`,
        );
      } finally {
        await app.close();
      }
    });

  batches
    .command('remove <batch_id>')
    .description('Remove a quarantined batch: not merged, no longer blocking releases (audited)')
    .requiredOption('--reason <text>', 'why it is removed; kept in the audit trail')
    .addHelpText(
      'after',
      `
Only a quarantined batch (\`import --gate\`) can be removed. Its manifest row and its lake copy
stay (nothing received is ever dropped); its status becomes removed.

Examples:
  $ phoneset batches remove 1f0c2a9e-… --reason "wrong file sent by the CRM team"`,
    )
    .action(async (batchId: string, options: { reason: string }) => {
      const app = await createApp(getConfig());
      try {
        const b = await removeQuarantinedBatch(app.store, batchId, {
          reason: options.reason,
          actor: resolveActor(),
        });
        process.stdout.write(
          `Batch ${b.batch_id} removed: not merged, it no longer blocks releases (its lake copy is kept).\n`,
        );
      } finally {
        await app.close();
      }
    });
}
