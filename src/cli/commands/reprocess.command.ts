import type { Command } from 'commander';
import { type App, createApp } from '../../app.js';
import { getConfig } from '../../config.js';
import { PhonesetError } from '../../core/errors.js';
import { createOnlineDedupe } from '../../pipeline/dedupe/index.js';
import { resolveActor } from '../../pipeline/import/resolve-actor.js';
import { reprocessQuarantinedBatch } from '../../pipeline/quality/index.js';
import { type ReprocessSummary, reprocessBatches } from '../../pipeline/reprocess/reprocess-batches.js';
import { formatTable } from '../ui/format-table.js';
import { loadSuiteForCli } from './quality-report.command.js';

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

interface ReprocessCommandOptions {
  batch?: string[];
  all?: boolean;
  dryRun?: boolean;
  json?: boolean;
  suite?: string;
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
    .option('--suite <file>', 'expectation suite a quarantined batch is checked with again')
    .addHelpText(
      'after',
      `
Each row is read again from the batch's lake copy, normalized with today's numbering-plan data
and judged by today's rules and blacklist. Reported: newly valid rows (rejected then, accepted
now), newly invalid rows, rows that now read as a different E.164, and records whose type or
validity moved. Without --dry-run they are applied and audited with reason "reprocess".

A batch quarantined by \`import --gate\` is checked again instead, from its lake copy with
today's rules, metadata and suite: passing, it is merged (status completed); still failing, it
stays quarantined with the new verdict (exit 1).

Examples:
  $ phoneset reprocess --all --dry-run
  $ phoneset reprocess --batch 1f0c2a9e-…`,
    )
    .action(async (options: ReprocessCommandOptions) => {
      if (!options.all === !options.batch) {
        throw new PhonesetError('CLI_BAD_USAGE', { detail: 'give --batch ID… or --all (not both)' });
      }
      const app = await createApp(getConfig());
      try {
        // Quarantined batches were never merged: they are checked again, and merged if they pass.
        const ids = options.batch ?? [];
        const held = await quarantinedOf(app.store, ids);
        if (held.length > 0) {
          if (options.dryRun)
            throw new PhonesetError('CLI_BAD_USAGE', {
              detail: `batch ${held.join(', ')} is quarantined: reprocess it without --dry-run to check it again`,
            });
          const failed = await reprocessQuarantined(app, held, options);
          if (failed) process.exitCode = 1;
        }
        const rest = ids.filter((id) => !held.includes(id));
        if (!options.all && rest.length === 0) return;
        const summary = await reprocessBatches(
          {
            batches: options.all ? 'all' : rest,
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

async function quarantinedOf(store: App['store'], ids: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const id of ids) if ((await store.batches.get(id))?.status === 'quarantined') out.push(id);
  return out;
}

/** Checks quarantined batches again; true when one still fails. */
async function reprocessQuarantined(
  app: App,
  ids: readonly string[],
  options: { json?: boolean; suite?: string },
): Promise<boolean> {
  const suite = loadSuiteForCli(options.suite);
  const actor = resolveActor();
  let failed = false;
  for (const id of ids) {
    const r = await reprocessQuarantinedBatch(
      {
        store: app.store,
        lake: app.lake,
        engine: app.engine,
        quality: app.store,
        online: createOnlineDedupe(app.store, { actor }),
      },
      id,
      { actor, rules: app.config.rules, gate: { suite } },
    );
    if (r.status === 'quarantined') failed = true;
    process.stdout.write(
      options.json
        ? `${JSON.stringify({ batch_id: id, status: r.status, quality: r.quality, counts: r.counts })}\n`
        : r.status === 'merged'
          ? `Batch ${id} passed its checks now and was merged: ${r.counts.received} rows, ${r.counts.inserted} inserted, ${r.counts.updated} updated, ${r.counts.rejected} rejected.\n`
          : `Batch ${id} still fails its checks (${r.quality.reason}); it stays quarantined.\n`,
    );
  }
  return failed;
}
