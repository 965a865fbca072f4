import type { PhoneResult } from '../../core/phone/index.js';
import {
  type RegistryPhoneType,
  SOURCE_SYSTEMS,
  type SourceSystem,
} from '../../core/registry/phone-record.js';
import { parseDeclaredType } from '../../core/rules/index.js';
import type { SourceRow } from '../formats/record-format.js';
import type { ResolvedColumns } from '../formats/resolve-columns.js';

/** One source row read into the fields the import needs, before normalization. */
export interface ImportCandidate {
  row: number;
  /** The row's fields exactly as read (they go to rejects and nowhere else). */
  raw: Record<string, unknown>;
  /** Set when the reader could not read the row; the row is rejected with it. */
  readError: string | null;
  customer_id: string | null;
  phone: string;
  /** Two-letter code of the row's own country column, else null (the run's default applies). */
  country: string | null;
  declared_type: RegistryPhoneType | null;
  /** The row's own `source_system` when it names a known source, else the batch's source. */
  source: SourceSystem;
  source_record_id: string | null;
  is_primary: boolean;
  is_verified: boolean;
  /** When the source last changed the row; the batch's arrival time when the row says nothing usable. */
  updated_at: Date;
  /** Filled by the normalize step. */
  result?: PhoneResult;
}

const TRUE = new Set(['true', '1', 'yes', 'y', 'si', 'sí', 's', 'x', 'verdadero', 't']);

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : String(value);
}

function field(row: SourceRow, columns: ResolvedColumns, name: keyof ResolvedColumns): string {
  const column = columns[name];
  return column === undefined ? '' : text(row.fields[column]).trim();
}

/**
 * Reads one source row through the resolved columns. Never throws: what cannot be read
 * becomes a value the rules judge (an empty customer id, an unknown type).
 *
 * @example
 * readCandidate({ row: 1, fields: { Cedula: '42', Celular: '300 123 4567' } },
 *   { customer_id: 'Cedula', phone_number: 'Celular' }, 'crm_salesforce', new Date());
 * // { row: 1, customer_id: '42', phone: '300 123 4567', source: 'crm_salesforce', … }
 */
export function readCandidate(
  row: SourceRow,
  columns: ResolvedColumns,
  batchSource: SourceSystem,
  receivedAt: Date,
): ImportCandidate {
  const ownSource = field(row, columns, 'source_system').toLowerCase();
  const country = field(row, columns, 'country');
  const updated = field(row, columns, 'updated_at');
  const updatedAt = updated ? new Date(updated) : receivedAt;
  const customerId = field(row, columns, 'customer_id');
  const recordId = field(row, columns, 'source_record_id');
  return {
    row: row.row,
    raw: row.fields,
    readError: row.error ? row.error.message : null,
    customer_id: customerId === '' ? null : customerId,
    phone: text(row.fields[columns.phone_number]),
    country: /^[A-Za-z]{2}$/.test(country) ? country.toUpperCase() : null,
    declared_type: parseDeclaredType(field(row, columns, 'phone_type')),
    source: (SOURCE_SYSTEMS as readonly string[]).includes(ownSource)
      ? (ownSource as SourceSystem)
      : batchSource,
    source_record_id: recordId === '' ? null : recordId,
    is_primary: TRUE.has(field(row, columns, 'is_primary').toLowerCase()),
    is_verified: TRUE.has(field(row, columns, 'is_verified').toLowerCase()),
    updated_at: Number.isNaN(updatedAt.getTime()) ? receivedAt : updatedAt,
  };
}
