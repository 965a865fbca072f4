import type { Command } from 'commander';
import { createApp } from '../../app.js';
import { getConfig } from '../../config.js';
import { renderExplanation } from '../../core/dedupe/render-explanation.js';
import { PhonesetError } from '../../core/errors.js';
import {
  type DedupeRunSummary,
  dedupeReport,
  explainStoredPair,
  runDedupe,
  undoMerge,
} from '../../pipeline/dedupe/index.js';
import { resolveActor } from '../../pipeline/import/index.js';
import { formatTable } from '../ui/format-table.js';

interface DedupeCommandOptions {
  customerId?: string;
  dryRun?: boolean;
  json?: boolean;
  explain?: string;
}

function parsePair(value: string): [string, string] {
  const ids = value.split(/[\s,:~]+/).filter(Boolean);
  if (ids.length !== 2 || !ids.every((id) => /^\d{1,18}$/.test(id)) || ids[0] === ids[1]) {
    throw new PhonesetError('CLI_BAD_USAGE', {
      detail: `--explain "${value}": expected two different phone ids, e.g. --explain 41,42`,
    });
  }
  return ids as [string, string];
}

/**
 * The human-readable summary of a dedupe run (stdout).
 *
 * @example
 * process.stdout.write(formatDedupeSummary(summary));
 */
export function formatDedupeSummary(s: DedupeRunSummary): string {
  const n = (x: number): string => x.toLocaleString('en-US');
  const lines = [`Found ${n(s.groups)} duplicate groups`];
  if (s.status === 'dry_run') {
    lines.push(`Dry run: nothing was written (${n(s.would_merge)} records would be merged).`);
  } else {
    lines.push(`Merged ${n(s.merged_records)} records`);
    if (s.merge_id) lines.push(`  merge set ${s.merge_id} (undo: phoneset dedupe undo ${s.merge_id})`);
    lines.push(
      `  review queue: ${n(s.review_queued)} new pairs (${n(s.review_pairs)} between the thresholds); phoneset review list`,
    );
  }
  lines.push(
    `  ${n(s.records)} records of ${n(s.customers)} customers, ${n(s.candidate_pairs)} candidate pairs, ${n(s.shared_numbers)} shared numbers (phoneset dedupe report)`,
    `  model${s.model_version ? ` v${s.model_version}` : ''}: EM ${s.model.iterations} iterations${s.model.converged ? '' : ' (not converged)'}, λ = ${s.model.lambda.toFixed(4)}, ${n(s.model.labelledPairs)} labelled pairs`,
    `  ${s.seconds.toFixed(1)} s`,
  );
  return `${lines.join('\n')}\n`;
}

/**
 * `phoneset dedupe`: finds and merges duplicate phones; `dedupe undo MERGE_ID`, `dedupe report`.
 *
 * @example
 * registerDedupeCommand(program); // phoneset dedupe --dry-run --json
 */
export function registerDedupeCommand(program: Command): void {
  const dedupe = program
    .command('dedupe')
    .description('Find duplicate phones with the trained match model, merge them, queue doubtful pairs')
    .option('--customer-id <id>', "only this customer's phones")
    .option('--dry-run', 'find and report, write nothing')
    .option('--json', 'print the result (groups, members, source record ids, master) as one JSON object')
    .option(
      '--explain <pair>',
      'explain the score of two phone ids (e.g. 41,42) as a waterfall of match weights',
    )
    .addHelpText(
      'after',
      `
Within a customer, records that are one phone written differently (a typo, swapped digits, a
digit dropped or doubled, old vs new fixed-line plan) are merged into a master chosen by
survivorship (verified > confidence > recency > source priority): members get merged_into,
the master absorbs their sources, sightings and verification. The model (Fellegi–Sunter,
trained by EM on the registry plus the review queue's decisions) is saved with a version.
Pairs between the review and auto-merge thresholds go to the review queue. A number held by
several customers is never merged: see \`phoneset dedupe report\`.

Every run that merges is one merge set, audited (MERGE rows, events) and undoable.

Examples:
  $ phoneset dedupe --dry-run
  $ phoneset dedupe --customer-id C123 --json
  $ phoneset dedupe --explain 41,42
  $ phoneset dedupe undo 7
  $ phoneset dedupe report --json

Exit codes: 0 done, 1 failure, 2 bad usage.`,
    )
    .action(async (options: DedupeCommandOptions) => {
      const pair = options.explain !== undefined ? parsePair(options.explain) : undefined;
      const app = await createApp(getConfig());
      try {
        if (pair) {
          const e = await explainStoredPair(app.store, pair[0], pair[1]);
          process.stdout.write(
            options.json
              ? `${JSON.stringify(e)}\n`
              : `${renderExplanation(e)}\nmodel ${e.model_version ? `v${e.model_version}` : 'trained now (none saved yet)'}\n`,
          );
          return;
        }
        const summary = await runDedupe(app.store, {
          config: app.config.dedupe,
          actor: resolveActor(),
          dryRun: options.dryRun ?? false,
          // Only the JSON form prints the members' source record ids (a lineage read).
          sourceRecordIds: options.json ?? false,
          ...(options.customerId !== undefined ? { customerId: options.customerId } : {}),
        });
        process.stdout.write(options.json ? `${JSON.stringify(summary)}\n` : formatDedupeSummary(summary));
      } finally {
        await app.close();
      }
    });

  dedupe
    .command('undo <merge_id>')
    .description('Undo a merge set: every record it changed gets back its exact earlier state')
    .option('--json', 'print the result as one JSON object')
    .action(async (mergeId: string, own: { json?: boolean }) => {
      // `--json` after the subcommand may be taken by the parent command, which declares it too.
      const options = { ...dedupe.opts<{ json?: boolean }>(), ...own };
      if (!/^\d{1,18}$/.test(mergeId))
        throw new PhonesetError('CLI_BAD_USAGE', { detail: `merge id "${mergeId}" is not a number` });
      const app = await createApp(getConfig());
      try {
        const result = await undoMerge(app.store, mergeId, resolveActor());
        process.stdout.write(
          options.json
            ? `${JSON.stringify(result)}\n`
            : `Undid merge set ${result.merge_id}: ${result.restored} records restored (${result.masters.length} clusters)\n`,
        );
      } finally {
        await app.close();
      }
    });

  dedupe
    .command('report')
    .description('Numbers shared by several customers (never merged) and the customers they link')
    .option('--json', 'print the report as one JSON object')
    .option('--limit <n>', 'rows of each table in the text form', '50')
    .action(async (own: { json?: boolean; limit: string }) => {
      const options = { ...dedupe.opts<{ json?: boolean }>(), ...own };
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1)
        throw new PhonesetError('CLI_BAD_USAGE', {
          detail: `--limit "${options.limit}" is not a positive integer`,
        });
      const app = await createApp(getConfig());
      try {
        const report = await dedupeReport(app.store, { config: app.config.dedupe });
        if (options.json) {
          process.stdout.write(`${JSON.stringify(report)}\n`);
          return;
        }
        const out = [
          `${report.shared_numbers.length} shared numbers, ${report.customer_links.length} possible duplicate customers (of ${report.records} records)`,
        ];
        if (report.shared_numbers.length > 0) {
          out.push(
            '',
            'Shared numbers:',
            formatTable(report.shared_numbers.slice(0, limit), [
              { title: 'number', value: (s) => s.phoneNumber },
              { title: 'customers', value: (s) => s.customerIds.join(' ') },
              { title: 'evidence (bits)', value: (s) => s.evidenceBits.toFixed(1), align: 'right' },
              { title: 'too common', value: (s) => (s.tooCommon ? 'yes' : '') },
            ]).trimEnd(),
          );
        }
        if (report.customer_links.length > 0) {
          out.push(
            '',
            'Possible duplicate customers:',
            formatTable(report.customer_links.slice(0, limit), [
              { title: 'customer', value: (l) => l.customerA },
              { title: 'customer', value: (l) => l.customerB },
              { title: 'shared numbers', value: (l) => l.phoneNumbers.length, align: 'right' },
              { title: 'evidence (bits)', value: (l) => l.evidenceBits.toFixed(1), align: 'right' },
            ]).trimEnd(),
          );
        }
        process.stdout.write(`${out.join('\n')}\n`);
      } finally {
        await app.close();
      }
    });
}
