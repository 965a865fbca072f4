import type { Command } from 'commander';
import { createApp } from '../../app.js';
import { getConfig } from '../../config.js';
import { PhonesetError } from '../../core/errors.js';
import { resolveActor } from '../../pipeline/import/resolve-actor.js';
import { type ReprocessSummary, reprocessBatches } from '../../pipeline/reprocess/reprocess-batches.js';
import { formatTable } from '../ui/format-table.js';

/**
 * The human-readable reprocess report: counts per kind of change, then the first changes.
 *
 * @example
 * process.stdout.write(formatReprocessSummary(summary));
 */
export function formatReprocessSummary(s: ReprocessSummary): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const head = [
    `${n(s.batches)} batches, ${n(s.rows)} rows re-run with ${s.metadata_version ?? "today's metadata"}${s.applied ? '' : ' (dry run: nothing written)'}:`,
    `  newly valid     ${n(s.newly_valid)}`,
    `  newly invalid   ${n(s.newly_invalid)}`,
    `  different E.164 ${n(s.different_e164)}`,
    `  different type  ${n(s.different_type)}`,
    `  unchanged       ${n(s.unchanged)}`,
  ].join('\n');
  if (s.changes.length === 0) return `${head}\n`;
  const table = formatTable(s.changes, [
    { title: 'batch', value: (c) => c.batch_id.slice(0, 8) },
    { title: 'row', value: (c) => c.row, align: 'right' },
    { title: 'change', value: (c) => c.kind },
    { title: 'customer', value: (c) => c.customer_id },
    {
      title: 'before',
      value: (c) => (c.before ? `${c.before.phone_number} ${c.before.phone_type}` : 'rejected'),
    },
    {
      title: 'now',
      value: (c) =>
        c.after.reasons.length > 0 && c.kind === 'newly_invalid'
          ? `rejected: ${c.after.reasons.join(', ')}`
          : `${c.after.phone_number} ${c.after.phone_type}`,
    },
  ]);
  return `${head}\n\n${table}`;
}

/**
 * `phoneset reprocess --batch ID|--all [--dry-run]`: batches re-run from the lake through
 * today's rules and metadata; what changed is printed (and applied, audited, unless dry run).
 *
 * @example
 * registerReprocessCommand(program); // phoneset reprocess --all --dry-run
 */
export function registerReprocessCommand(program: Command): void {
  program
    .command('reprocess')
    .description("Re-run batches from the raw lake through today's rules and metadata, and show what changed")
    .option('--batch <id...>', 'batch ids (see phoneset batches)')
    .option('--all', 'every completed batch')
    .option('--dry-run', 'show what changed, write nothing')
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      `
Each row is read again from the batch's lake copy, normalized with today's numbering-plan data
and judged by today's rules and blacklist. Reported: newly valid rows (rejected then, accepted
now), newly invalid rows, rows that now read as a different E.164, and records whose type or
validity moved. Without --dry-run they are applied and audited with reason "reprocess".

Examples:
  $ phoneset reprocess --all --dry-run
  $ phoneset reprocess --batch 1f0c2a9e-…`,
    )
    .action(async (options: { batch?: string[]; all?: boolean; dryRun?: boolean; json?: boolean }) => {
      if (!options.all === !options.batch) {
        throw new PhonesetError('CLI_BAD_USAGE', { detail: 'give --batch ID… or --all (not both)' });
      }
      const app = await createApp(getConfig());
      try {
        const summary = await reprocessBatches(
          {
            batches: options.all ? 'all' : (options.batch ?? []),
            dryRun: options.dryRun ?? false,
            actor: resolveActor(),
            rules: app.config.rules,
          },
          {
            store: app.store,
            lake: app.lake,
            engine: app.engine,
          },
        );
        process.stdout.write(options.json ? `${JSON.stringify(summary)}\n` : formatReprocessSummary(summary));
      } finally {
        await app.close();
      }
    });
}
