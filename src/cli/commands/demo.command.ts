import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { normalizeFile } from '../../pipeline/normalize/normalize-file.js';
import { writeCustomerExport } from '../../pipeline/normalize/write-customer-export.js';
import { formatBars } from '../ui/format-bars.js';
import { formatSummary } from './normalize.command.js';

const parseRows = (value: string): number => {
  const rows = Number(value);
  if (!Number.isSafeInteger(rows) || rows < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return rows;
};

/**
 * `phoneset demo`: the main job on embedded defaults (what `npm start` runs). Generates a
 * synthetic multi-source export into a temporary folder and normalizes it through the same
 * pipeline as `phoneset normalize`, then prints what it found.
 *
 * @example
 * registerDemoCommand(program); // phoneset demo --rows 20000 --seed 2026
 */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('Run the main job on embedded defaults: generate a sample export and normalize it')
    .option('--rows <n>', 'rows in the sample export', parseRows, 20_000)
    .option('--seed <seed>', 'seed of the sample export', '2026')
    .option('--keep', 'keep the temporary folder with the export and the results')
    .addHelpText(
      'after',
      `
Needs no server and no setup. Writes export.csv, truth.csv and normalized.ndjson to a
temporary folder (removed at the end unless --keep) and prints counts by country, number
type, validity and issue code.

Examples:
  $ phoneset demo
  $ phoneset demo --rows 100000 --keep`,
    )
    .action(async (options: { rows: number; seed: string; keep?: boolean }) => {
      const dir = await mkdtemp(join(tmpdir(), 'phoneset-demo-'));
      try {
        const exportFile = join(dir, 'export.csv');
        const seed = /^\d+$/.test(options.seed) ? Number(options.seed) : options.seed;
        await writeCustomerExport({
          rows: options.rows,
          seed,
          output: exportFile,
          format: 'csv',
          truth: join(dir, 'truth.csv'),
        });
        const summary = await normalizeFile({
          input: exportFile,
          column: 'phone_number',
          output: join(dir, 'normalized.ndjson'),
        });
        const out = process.stdout;
        const section = (title: string, counts: Record<string, number>, top?: number) =>
          out.write(
            `\n${title}\n${formatBars(counts, { width: 28, total: summary.rows, ...(top ? { top } : {}) })}`,
          );
        out.write(
          `phoneset demo: a synthetic export of ${summary.rows.toLocaleString('en-US')} customer phone rows ` +
            `from 5 source systems (seed ${options.seed}), normalized to E.164 with default country CO.\n`,
        );
        section('Validity', {
          valid: summary.valid,
          invalid: summary.invalid,
          ...(summary.badRows ? { unreadable: summary.badRows } : {}),
        });
        section('Country', summary.byCountry, 8);
        section('Number type', summary.byType);
        section('Issues (a row can have several)', summary.byIssue, 14);
        out.write(
          options.keep
            ? `\nFiles kept in ${dir}: export.csv, truth.csv, normalized.ndjson\n`
            : '\nRun `phoneset demo --keep` to keep the files, or `phoneset normalize --help` to normalize your own.\n',
        );
        process.stderr.write(`${formatSummary(summary)}\n`);
      } finally {
        if (!options.keep) await rm(dir, { recursive: true, force: true });
      }
    });
}
