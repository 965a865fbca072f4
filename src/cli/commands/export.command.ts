import { extname } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { createApp } from '../../app.js';
import { getConfig } from '../../config.js';
import { SOURCE_SYSTEMS, type SourceSystem } from '../../core/registry/phone-record.js';
import { exportRegistry } from '../../pipeline/export/export-registry.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../../pipeline/formats/record-format.js';
import { resolveActor } from '../../pipeline/import/resolve-actor.js';
import { parseCountry } from './option-parsers.js';

interface ExportCommandOptions {
  customerId?: string;
  country?: string;
  type?: string;
  source?: SourceSystem;
  verifiedOnly?: boolean;
  updatedSince?: Date;
  format?: OutputFormat;
  output: string;
  mask?: boolean;
}

const parseDate = (value: string): Date => {
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime()))
    throw new InvalidArgumentError('expected an ISO 8601 date such as 2026-01-31 or 2026-01-31T12:00:00Z');
  return date;
};

function formatOf(output: string): OutputFormat {
  const ext = extname(output).toLowerCase().slice(1);
  if (ext === 'jsonl') return 'ndjson';
  return (OUTPUT_FORMATS as readonly string[]).includes(ext) ? (ext as OutputFormat) : 'csv';
}

/**
 * `phoneset export`: registry records to CSV, JSON, NDJSON, XLSX or Parquet, streamed.
 *
 * @example
 * registerExportCommand(program); // phoneset export --country CO --format parquet --output co.parquet
 */
export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description(
      'Export registry records (filtered, optionally masked) as CSV, JSON, NDJSON, XLSX or Parquet',
    )
    .option('--customer-id <id>', "one customer's records")
    .option('--country <cc>', 'numbers of this country (ISO alpha-2)', parseCountry)
    .option('--type <type>', 'numbers of this type (mobile, fixed, voip, toll_free, …)')
    .addOption(new Option('--source <system>', 'records this source has sent').choices(SOURCE_SYSTEMS))
    .option('--verified-only', 'only verified numbers')
    .option('--updated-since <date>', 'records updated at or after this date (ISO 8601)', parseDate)
    .addOption(
      new Option('--format <format>', 'output format (default: from the extension, else csv)').choices(
        OUTPUT_FORMATS,
      ),
    )
    .option('--output <file>', 'output file, or - for stdout', '-')
    .option('--mask', 'write numbers masked, as +57300****67')
    .addHelpText(
      'after',
      `
One record per registry row, with the customer_phones columns: phone_id, customer_id,
phone_number, phone_type, country_code, carrier, region, timezone, is_valid, is_primary,
is_verified, verification_method, confidence_score, source_system, sources, times_seen, issues,
merged_into, created_at, updated_at. Erased records are never exported. Memory stays flat on
any registry size. Every export is recorded in the audit trail (who: PHONESET_ACTOR or the OS
user; filters; count).

Examples:
  $ phoneset export --country CO --type mobile --output co-mobiles.csv
  $ phoneset export --customer-id 79845123 --format json
  $ phoneset export --verified-only --mask --format parquet --output verified.parquet`,
    )
    .action(async (options: ExportCommandOptions) => {
      const app = await createApp(getConfig());
      try {
        const result = await exportRegistry(
          {
            filters: {
              ...(options.customerId !== undefined ? { customer_id: options.customerId } : {}),
              ...(options.country !== undefined ? { country: options.country } : {}),
              ...(options.type !== undefined ? { type: options.type } : {}),
              ...(options.source !== undefined ? { source: options.source } : {}),
              ...(options.verifiedOnly ? { verified_only: true } : {}),
              ...(options.updatedSince !== undefined ? { updated_since: options.updatedSince } : {}),
            },
            format: options.format ?? formatOf(options.output),
            output: options.output,
            mask: options.mask ?? false,
            actor: resolveActor(),
          },
          app.store,
        );
        process.stderr.write(
          `phoneset export: ${result.count.toLocaleString('en-US')} records (${result.format}${result.masked ? ', masked' : ''}) to ${options.output === '-' ? 'stdout' : options.output}\n`,
        );
      } finally {
        await app.close();
      }
    });
}
