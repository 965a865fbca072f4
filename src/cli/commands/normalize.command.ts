import { type Command, Option } from 'commander';
import { PhonesetError } from '../../core/errors.js';
import type { PhoneResult } from '../../core/phone/index.js';
import { createPhoneEngine } from '../../enrich/index.js';
import {
  NORMALIZE_INPUT_FORMATS,
  NORMALIZE_OUTPUT_FORMATS,
  type NormalizeInputFormat,
  type NormalizeOutputFormat,
  type NormalizeSummary,
  normalizeFile,
} from '../../pipeline/normalize/normalize-file.js';
import { createProgressBar } from '../ui/create-progress-bar.js';
import { formatTable } from '../ui/format-table.js';
import { parseCountry, parseWorkers } from './option-parsers.js';

interface NormalizeCommandOptions {
  json?: boolean;
  input?: string;
  format?: NormalizeInputFormat;
  column?: string;
  defaultCountry: string;
  output: string;
  outputFormat?: NormalizeOutputFormat;
  workers?: number;
}

/**
 * One line per run on stderr: what was read and how fast.
 *
 * @example
 * formatSummary(summary); // 'phoneset normalize: 1,000 rows, 950 valid, 50 invalid in 0.1 s (10,000 rows/s)'
 */
export function formatSummary(summary: NormalizeSummary): string {
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  const bad = summary.badRows > 0 ? `, ${n(summary.badRows)} unreadable` : '';
  return `phoneset normalize: ${n(summary.rows)} rows, ${n(summary.valid)} valid, ${n(summary.invalid)} invalid${bad} in ${summary.seconds.toFixed(1)} s (${n(summary.rowsPerSecond)} rows/s)`;
}

/** The readable table of the argument form: one line per number (and per extra number in a field). */
function resultsTable(results: PhoneResult[]): string {
  const rows = results.flatMap((r) => [
    { input: r.original, r },
    ...(r.others ?? []).map((o) => ({ input: '  + same field', r: o })),
  ]);
  return formatTable(rows, [
    { title: 'input', value: (x) => x.input },
    { title: 'e164', value: (x) => x.r.normalized },
    { title: 'country', value: (x) => x.r.country_code },
    { title: 'type', value: (x) => x.r.type },
    { title: 'valid', value: (x) => (x.r.is_valid ? 'yes' : 'no') },
    { title: 'carrier', value: (x) => x.r.carrier },
    { title: 'region', value: (x) => x.r.region },
    { title: 'timezone', value: (x) => x.r.timezone },
    { title: 'ext', value: (x) => x.r.extension },
    { title: 'confidence', value: (x) => x.r.confidence_score.toFixed(2), align: 'right' },
    { title: 'issues', value: (x) => x.r.issues },
  ]);
}

/**
 * `phoneset normalize`: numbers given as arguments (a table, or `--json`), or a whole file
 * streamed to NDJSON or CSV.
 *
 * @example
 * registerNormalizeCommand(program); // phoneset normalize 3001234567 "+57 601 234 5678"
 */
export function registerNormalizeCommand(program: Command): void {
  program
    .command('normalize')
    .description('Normalize phone numbers to E.164 with type, validity, carrier, region and issues')
    .argument('[numbers...]', 'numbers to normalize (or use --input)')
    .option('--json', 'print the results of the argument form as JSON')
    .option('--input <file>', 'read records from a file, or - for stdin')
    .addOption(
      new Option('--format <format>', 'input format (default: from the extension; stdin: lines)').choices(
        NORMALIZE_INPUT_FORMATS,
      ),
    )
    .option('--column <name>', 'the phone column (default: phone, then phone_number)')
    .option(
      '--default-country <cc>',
      'country assumed for numbers without a country code',
      parseCountry,
      'CO',
    )
    .option('--output <file>', 'output file, or - for stdout', '-')
    .addOption(
      new Option(
        '--output-format <format>',
        'output format (default: from the extension, else ndjson)',
      ).choices(NORMALIZE_OUTPUT_FORMATS),
    )
    .option('--workers <n>', 'worker threads for large inputs (0: none; default: one per core)', parseWorkers)
    .addHelpText(
      'after',
      `
The file form streams in flat memory and keeps input order: one output row per input row, the
input fields followed by original, normalized, country_code, type, is_valid, carrier, region,
timezone, extension, confidence_score, issues, other_numbers, metadata_version and row_error
(set when the reader could not read the row). A row's own "country" field, when it holds a
two-letter code, is its default country. Large inputs are normalized on worker threads.
A progress bar is drawn on stderr when it is a terminal; a one-line summary ends every run.

Examples:
  $ phoneset normalize 3001234567 "+57 601 234 5678" "0057 310 555 1234"
  $ phoneset normalize --json "(1) 234 5678"
  $ phoneset normalize --input clientes.csv --column telefono --output clientes.ndjson
  $ cat numbers.txt | phoneset normalize --input - --output-format csv > out.csv
  $ phoneset normalize --input rows.ndjson --default-country MX --output out.csv

Exit codes: 0 done (invalid numbers are results, not failures), 1 unreadable input or missing
column, 2 bad usage.`,
    )
    .action(async (numbers: string[], options: NormalizeCommandOptions) => {
      if (options.input !== undefined && numbers.length > 0) {
        throw new PhonesetError('CLI_BAD_USAGE', {
          detail: 'give numbers as arguments or --input, not both',
        });
      }
      if (options.input === undefined) {
        if (numbers.length === 0) {
          throw new PhonesetError('CLI_BAD_USAGE', {
            detail: 'give one or more numbers, or --input FILE (- for stdin); see phoneset normalize --help',
          });
        }
        const engine = createPhoneEngine();
        const results = numbers.map((raw) =>
          engine.normalize(raw, { defaultCountry: options.defaultCountry }),
        );
        process.stdout.write(options.json ? `${JSON.stringify(results, null, 2)}\n` : resultsTable(results));
        return;
      }
      // Created on the first report, when it is known whether the input has a size (a file) or not (stdin).
      const startedAt = performance.now();
      let bar: ReturnType<typeof createProgressBar> | undefined;
      const summary = await normalizeFile({
        input: options.input,
        ...(options.format ? { format: options.format } : {}),
        ...(options.column ? { column: options.column } : {}),
        defaultCountry: options.defaultCountry,
        output: options.output,
        ...(options.outputFormat ? { outputFormat: options.outputFormat } : {}),
        ...(options.workers === undefined ? {} : { workers: options.workers }),
        onProgress: (p) => {
          bar ??= createProgressBar({ total: p.totalBytes, label: 'normalize', startedAt });
          bar.update(p.bytesRead, p.rows);
        },
      }).finally(() => bar?.stop());
      process.stderr.write(`${formatSummary(summary)}\n`);
    });
}
