import { extname } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import {
  GENERATE_FORMATS,
  type GenerateFormat,
  writeCustomerExport,
} from '../../pipeline/normalize/write-customer-export.js';
import { createProgressBar } from '../ui/create-progress-bar.js';

const parseRows = (value: string): number => {
  const rows = Number(value.replace(/_/g, ''));
  if (!Number.isSafeInteger(rows) || rows < 0) throw new InvalidArgumentError('expected a whole number ≥ 0');
  return rows;
};

const formatOf = (output: string): GenerateFormat => {
  const ext = extname(output).toLowerCase().slice(1);
  if (ext === 'jsonl') return 'ndjson';
  return (GENERATE_FORMATS as readonly string[]).includes(ext) ? (ext as GenerateFormat) : 'csv';
};

/**
 * `phoneset generate`: writes a deterministic synthetic multi-source customer export, and
 * optionally its ground truth, for development, tests and benchmarks.
 *
 * @example
 * registerGenerateCommand(program); // phoneset generate --rows 1000 --seed 7 --output export.csv
 */
export function registerGenerateCommand(program: Command): void {
  program
    .command('generate')
    .description('Write a synthetic multi-source customer phone export (deterministic for a seed)')
    .option('--rows <n>', 'number of rows', parseRows, 1000)
    .option('--seed <seed>', 'seed: same seed, same bytes', '1')
    .option('--output <file>', 'output file, or - for stdout', '-')
    .addOption(
      new Option('--format <format>', 'output format (default: from the file extension, else csv)').choices(
        GENERATE_FORMATS,
      ),
    )
    .option('--truth <file>', 'also write the ground truth per row (CSV, or NDJSON for .ndjson/.jsonl)')
    .addHelpText(
      'after',
      `
Columns: customer_id, phone_number, phone_type, source_system, is_primary, is_verified,
updated_at, source_record_id. About 2.3 rows per customer from crm_salesforce, call_center,
web_forms, mobile_app and manual_upload; phones are mostly Colombian mobiles written many ways
(+57 300…, 300-…, (300) …, 57300…, 0057 300…, labels, extensions, NBSP, full-width digits, Excel
apostrophes, tel: URIs), Colombian fixed lines in the old and the new plan, some international
numbers and some junk; with duplicates across sources, typos, legacy-plan twins, numbers shared
by customers and near numbers that are not duplicates.

Truth file (--truth), one row per export row:
  source_record_id  joins the truth to the export row
  customer_id       the row's customer
  true_e164         the real phone the row stands for (for a typo: the intended number; for an
                    old-plan fixed line: its 60X form); always valid; empty for fake and junk
  cluster_id        rows denoting the same phone of the same customer share it
                    (<customer_id>/<n>); empty when true_e164 is; never spans two customers
  kind              why the row exists: original, exact_duplicate, format_variant,
                    typo_substitution, typo_transposition, typo_deletion, typo_insertion,
                    legacy_plan, shared_number, near_number (a different phone: not a
                    duplicate), fake, junk
  form              how the phone was written (mobile_0057, fixed_old_parens, excel_scientific, …)
  also_e164         second number of a two-numbers field, else empty

Examples:
  $ phoneset generate --rows 20000 --seed 42 --output export.csv --truth truth.csv
  $ phoneset generate --rows 5 --format ndjson
  $ phoneset generate --rows 1000000 --seed 1 --output big.xlsx`,
    )
    .action(
      async (options: {
        rows: number;
        seed: string;
        output: string;
        format?: GenerateFormat;
        truth?: string;
      }) => {
        const started = performance.now();
        const format = options.format ?? formatOf(options.output);
        const seed = /^\d+$/.test(options.seed) ? Number(options.seed) : options.seed;
        const bar = createProgressBar({ total: options.rows, label: 'generate' });
        const { rows } = await writeCustomerExport({
          rows: options.rows,
          seed,
          output: options.output,
          format,
          ...(options.truth ? { truth: options.truth } : {}),
          onProgress: (n) => bar.update(n, n),
        });
        bar.stop();
        const seconds = (performance.now() - started) / 1000;
        const target = options.output === '-' ? 'stdout' : options.output;
        process.stderr.write(
          `phoneset generate: ${rows.toLocaleString('en-US')} rows (seed ${options.seed}, ${format}) to ${target}${
            options.truth ? `, truth to ${options.truth}` : ''
          } in ${seconds.toFixed(1)} s\n`,
        );
      },
    );
}
