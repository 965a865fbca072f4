import { maskPhone } from '../../core/privacy/mask-phone.js';
import type { PhoneRecord, SourceSystem } from '../../core/registry/phone-record.js';
import type { AuditRepository } from '../../store/audit.repository.js';
import type { PhoneFilter, PhoneRepository } from '../../store/phone.repository.js';
import { createRecordWriter } from '../formats/create-record-writer.js';
import type { ParquetColumnType } from '../formats/parquet.writer.js';
import type { OutputFormat } from '../formats/record-format.js';

/** The columns of an export, named and ordered as `customer_phones` has them. */
export const EXPORT_FIELDS = [
  'phone_id',
  'customer_id',
  'phone_number',
  'phone_type',
  'country_code',
  'carrier',
  'region',
  'timezone',
  'is_valid',
  'is_primary',
  'is_verified',
  'verification_method',
  'confidence_score',
  'source_system',
  'sources',
  'times_seen',
  'issues',
  'merged_into',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof PhoneRecord)[];

/** Parquet types of the columns, fixed so that an empty first row group cannot change them. */
const PARQUET_TYPES: Record<(typeof EXPORT_FIELDS)[number], ParquetColumnType> = {
  phone_id: 'STRING',
  customer_id: 'STRING',
  phone_number: 'STRING',
  phone_type: 'STRING',
  country_code: 'STRING',
  carrier: 'STRING',
  region: 'STRING',
  timezone: 'STRING',
  is_valid: 'BOOLEAN',
  is_primary: 'BOOLEAN',
  is_verified: 'BOOLEAN',
  verification_method: 'STRING',
  confidence_score: 'DOUBLE',
  source_system: 'STRING',
  sources: 'JSON',
  times_seen: 'INT64',
  issues: 'JSON',
  merged_into: 'STRING',
  created_at: 'TIMESTAMP',
  updated_at: 'TIMESTAMP',
};

/** Which registry records to export (every filter narrows). */
export interface ExportFilters {
  customer_id?: string;
  country?: string;
  type?: string;
  source?: SourceSystem;
  verified_only?: boolean;
  updated_since?: Date;
}

export interface ExportRegistryOptions {
  filters: ExportFilters;
  format: OutputFormat;
  /** A file path, `-` for stdout, or a stream. */
  output: string | NodeJS.WritableStream;
  /** Write numbers as `+57300****67`. */
  mask?: boolean;
  /** Who exports, for the EXPORT audit row. */
  actor: string;
  /** Rows per page read from the store. */
  pageSize?: number;
}

/** What the export needs of the store. */
export interface ExportStore {
  readonly phones: Pick<PhoneRepository, 'iterate'>;
  readonly audit: Pick<AuditRepository, 'append'>;
}

export interface ExportResult {
  count: number;
  format: OutputFormat;
  masked: boolean;
}

function toPhoneFilter(f: ExportFilters): PhoneFilter {
  return {
    ...(f.customer_id !== undefined ? { customer_id: f.customer_id } : {}),
    ...(f.country !== undefined ? { country_code: f.country } : {}),
    ...(f.type !== undefined ? { phone_type: f.type } : {}),
    ...(f.source !== undefined ? { source: f.source } : {}),
    ...(f.verified_only ? { verified_only: true } : {}),
    ...(f.updated_since !== undefined ? { updated_since: f.updated_since } : {}),
  };
}

/**
 * Streams registry records to a file or stdout in flat memory (the store's keyset pages, the
 * writer's backpressure), one record per registry row, and writes one EXPORT audit row (who,
 * filters, format, masked, count) once the output is complete.
 *
 * @example
 * const { count } = await exportRegistry({ filters: { country: 'CO' }, format: 'csv', output: 'co.csv', mask: true, actor: 'ana' }, store);
 */
export async function exportRegistry(
  options: ExportRegistryOptions,
  store: ExportStore,
): Promise<ExportResult> {
  const mask = options.mask ?? false;
  const writer = createRecordWriter(options.format, options.output, {
    columns: [...EXPORT_FIELDS],
    columnTypes: PARQUET_TYPES,
  });
  let count = 0;
  try {
    const records = store.phones.iterate(toPhoneFilter(options.filters), {
      pageSize: options.pageSize ?? 2000,
    });
    for await (const r of records) {
      const row: Record<string, unknown> = {};
      for (const f of EXPORT_FIELDS) row[f] = r[f];
      if (mask) row.phone_number = maskPhone(r.phone_number);
      await writer.write(row);
      count++;
    }
    await writer.close();
  } catch (error) {
    await writer.abort?.().catch(() => undefined);
    throw error;
  }
  await store.audit.append([
    {
      phone_id: null,
      customer_id: options.filters.customer_id ?? null,
      operation: 'EXPORT',
      old_values: null,
      new_values: {
        filters: { ...options.filters, updated_since: options.filters.updated_since?.toISOString() },
        format: options.format,
        output: typeof options.output === 'string' ? options.output : 'stream',
        masked: mask,
        count,
      },
      changed_by: options.actor,
      change_reason: 'export',
    },
  ]);
  return { count, format: options.format, masked: mask };
}
