import { type Command, Option } from 'commander';
import { createApp } from '../../app.js';
import { getConfig } from '../../config.js';
import { PhonesetError } from '../../core/errors.js';
import { SOURCE_SYSTEMS, type SourceSystem } from '../../core/registry/phone-record.js';
import { createOnlineDedupe } from '../../pipeline/dedupe/index.js';
import { parseColumnMap } from '../../pipeline/formats/parse-column-map.js';
import type { InputFormat } from '../../pipeline/formats/record-format.js';
import { type ImportSummary, importFile, resolveActor } from '../../pipeline/import/index.js';
import { createProgressBar } from '../ui/create-progress-bar.js';
import { formatBars } from '../ui/format-bars.js';
import { parseCountry } from './option-parsers.js';
import { loadSuiteForCli } from './quality-report.command.js';

interface ImportCommandOptions {
  source: SourceSystem;
  format?: InputFormat;
  map?: string;
  sheet?: string;
  defaultCountry: string;
  dryRun?: boolean;
  rejects?: string;
  force?: boolean;
  json?: boolean;
  gate?: boolean;
  suite?: string;
}

const IMPORT_FORMATS = ['csv', 'json', 'ndjson', 'xlsx'] as const;

/**
 * The human-readable import summary (stdout): the outcome counts, which add up to the rows
 * received, and the reasons rows were rejected.
 *
 * @example
 * process.stdout.write(formatImportSummary(summary));
 */
export function formatImportSummary(s: ImportSummary): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const lines: string[] = [];
  if (s.status === 'skipped' && s.previous_status === 'quarantined') {
    lines.push(
      `${s.file}: these exact bytes are batch ${s.batch_id}, quarantined by its quality checks (not merged). ${nextSteps(s.batch_id)}`,
    );
  } else if (s.status === 'skipped') {
    lines.push(
      `${s.file}: these exact bytes were already imported as batch ${s.batch_id}; nothing to do (use --force to import again).`,
    );
  } else if (s.status === 'quarantined') {
    lines.push(
      `${s.file}: batch ${s.batch_id} QUARANTINED: it failed its quality checks and was not merged into the registry.`,
      '',
      `Failed (suite ${s.quality?.suite_file ?? '-'}, grade ${s.quality?.grade ?? '-'}):`,
      ...(s.quality?.failures ?? []).map((f) => `  ✗ ${f.message}`),
      '',
      'Its merge would do this:',
    );
  } else if (s.status === 'dry_run') {
    if (s.quality?.passed)
      lines.push(`${s.file}: dry run: its quality checks pass (grade ${s.quality.grade}).`);
    else if (s.quality)
      lines.push(
        `${s.file}: dry run: it fails its quality checks (grade ${s.quality.grade}) and would be quarantined, not merged:`,
        ...s.quality.failures.map((f) => `  ✗ ${f.message}`),
        '',
      );
    lines.push(`${s.file}: dry run, nothing was written. The import would do this:`);
  } else {
    const resumed =
      s.resumed_after_row > 0
        ? ` (resumed after row ${n(s.resumed_after_row)}, committed by an earlier run)`
        : '';
    lines.push(`${s.file}: imported as batch ${s.batch_id}${resumed}.`);
    if (s.quality?.passed) lines.push(`  quality checks passed (grade ${s.quality.grade}) before the merge.`);
  }
  lines.push(
    `  received    ${n(s.received)}`,
    `  inserted    ${n(s.inserted)}`,
    `  updated     ${n(s.updated)}`,
    `  unchanged   ${n(s.unchanged)}`,
    `  duplicates  ${n(s.duplicates)}  (same customer and number again in this file: merged)`,
    `  rejected    ${n(s.rejected)}`,
  );
  if (Object.keys(s.by_reason).length > 0) {
    lines.push('', 'Rejected rows by reason:', formatBars(s.by_reason, { width: 20 }).trimEnd());
  }
  if (Object.keys(s.flagged).length > 0) {
    lines.push('', 'Accepted with a flag:', formatBars(s.flagged, { width: 20 }).trimEnd());
  }
  if (s.status !== 'skipped' && s.seconds > 0) {
    lines.push(
      '',
      `${n(s.received)} rows in ${s.seconds.toFixed(1)} s (${n(Math.round(s.received / s.seconds))} rows/s)`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * What to do with a quarantined batch, in one sentence with the commands.
 *
 * @example
 * nextSteps('b-42'); // 'Fix the source and reprocess it (phoneset reprocess --batch b-42), …'
 */
export function nextSteps(batchId: string | null): string {
  const id = batchId ?? 'ID';
  return `It blocks releases until it is reprocessed (phoneset reprocess --batch ${id}), removed (phoneset batches remove ${id} --reason TEXT) or accepted and merged (phoneset batches accept ${id} --reason TEXT); phoneset batches show ${id} shows why.`;
}

/**
 * `phoneset import FILE --source S`: a customer phone file into the registry.
 *
 * @example
 * registerImportCommand(program); // phoneset import crm.csv --source crm_salesforce --json
 */
export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description('Import a customer phone file into the registry (lake copy, rules, survivorship, audit)')
    .argument('<file>', 'CSV (, ; or tab; UTF-8 or Windows-1252), JSON array, NDJSON or XLSX file')
    .addOption(
      new Option('--source <system>', 'the system the file comes from')
        .choices(SOURCE_SYSTEMS)
        .makeOptionMandatory(),
    )
    .addOption(new Option('--format <format>', 'input format (default: detected)').choices(IMPORT_FORMATS))
    .option('--map <pairs>', 'columns for fields, e.g. phone=Telefono,customer_id=Cedula')
    .option('--sheet <name>', 'XLSX sheet (default: the first)')
    .option(
      '--default-country <cc>',
      'country assumed for numbers without a country code',
      parseCountry,
      'CO',
    )
    .option('--dry-run', 'read and judge every row, write nothing, and say what would happen')
    .option('--rejects <file>', 'also write the rejected rows, with their reasons, to this CSV file')
    .option('--force', 'import even when these exact bytes were already imported')
    .option('--json', 'print the summary as one JSON object')
    .option(
      '--gate',
      "run the suite's batch checks before merging; a failing batch is quarantined, not merged (exit 1)",
    )
    .option('--suite <file>', 'expectation suite for --gate (default: config/expectations.yaml)')
    .addHelpText(
      'after',
      `
The file's bytes are first kept in the raw lake (encrypted, by sha256); the rows are then read
from that copy in chunks, each committed in one transaction with its checkpoint. If the import
is interrupted (even kill -9), run the same command again: it resumes after the last committed
chunk, with no duplicate and no lost row. Identical bytes already imported are skipped.

Every row ends up as exactly one of: inserted, updated, unchanged, duplicate (the same customer
and number again in this file) or rejected (reasons by field in rejected records and --rejects).
A row's own source_system column, when it names a known source, wins over --source.

With --gate the batch is first read from the lake and judged, without writing, by the suite's
batch-level checks (the same metrics and verdict as \`phoneset gate\`). A batch that passes is
merged as usual. A failing batch is quarantined: kept in the lake and the manifest, not merged;
the command prints the failed expectations and exits 1. It blocks releases until it is
reprocessed, removed (\`batches remove\`) or accepted and merged (\`batches accept\`).
With --dry-run --gate nothing is written: it says whether the batch passes (exit 1 if not).

Examples:
  $ phoneset import clientes.csv --source crm_salesforce
  $ phoneset import export.xlsx --source manual_upload --sheet Clientes --map phone=Celular,customer_id=Cedula
  $ phoneset import web.ndjson --source web_forms --dry-run --rejects rejects.csv
  $ phoneset import crm.csv --source crm_salesforce --json
  $ phoneset import web.csv --source web_forms --gate --rejects rejects.csv

Exit codes: 0 done (rejected rows are results, not failures), 1 unreadable file, failure, or a
batch quarantined by --gate, 2 bad usage.`,
    )
    .action(async (file: string, options: ImportCommandOptions) => {
      const map = options.map ? parseColumnMap(options.map) : undefined;
      if (options.suite && !options.gate) {
        throw new PhonesetError('CLI_BAD_USAGE', { detail: '--suite is for --gate' });
      }
      const suite = options.gate ? loadSuiteForCli(options.suite) : undefined;
      const app = await createApp(getConfig());
      let bar: ReturnType<typeof createProgressBar> | undefined;
      let phase = '';
      try {
        const summary = await importFile(
          {
            file,
            source: options.source,
            ...(options.format ? { format: options.format } : {}),
            ...(map ? { map } : {}),
            ...(options.sheet ? { sheet: options.sheet } : {}),
            defaultCountry: options.defaultCountry,
            dryRun: options.dryRun ?? false,
            force: options.force ?? false,
            ...(options.rejects ? { rejectsFile: options.rejects } : {}),
            actor: resolveActor(),
            rules: app.config.rules,
            ...(suite ? { gate: { suite } } : {}),
            onProgress: (p) => {
              const label = p.phase === 'check' ? 'check' : 'import';
              if (bar && phase !== label) bar.stop();
              if (!bar || phase !== label) bar = createProgressBar({ total: p.totalBytes, label });
              phase = label;
              bar.update(p.bytesRead, p.rows);
            },
          },
          {
            store: app.store,
            lake: app.lake,
            engine: app.engine,
            online: createOnlineDedupe(app.store, { actor: resolveActor() }),
            quality: app.store,
          },
        ).finally(() => bar?.stop());
        process.stdout.write(options.json ? `${JSON.stringify(summary)}\n` : formatImportSummary(summary));
        const quarantined =
          summary.status === 'quarantined' ||
          (summary.status === 'skipped' && summary.previous_status === 'quarantined');
        if (summary.status === 'dry_run' && summary.quality && !summary.quality.passed) {
          process.stderr.write(
            `phoneset: dry run: the batch fails its quality checks (${summary.quality.reason}); imported with --gate it would be quarantined\n`,
          );
          process.exitCode = 1;
        }
        if (quarantined) {
          // Bytes quarantined by an earlier run: its stored verdict says what failed.
          const failures =
            summary.quality?.failures ??
            (await app.store.quarantine.get(summary.batch_id ?? ''))?.failures ??
            [];
          const failed = failures.map((f) => f.expectation).join(', ');
          const error = new PhonesetError('QUALITY_BATCH_QUARANTINED', {
            batch_id: summary.batch_id,
            failed: failed || 'see phoneset batches show',
            next: nextSteps(summary.batch_id),
          });
          process.stderr.write(`phoneset: ${error.code}: ${error.message}\n`);
          process.exitCode = 1;
        }
      } finally {
        await app.close();
      }
    });
}
