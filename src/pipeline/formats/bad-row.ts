import { formatErrorMessage } from '../../core/errors.js';
import type { RowError, SourceRow } from './record-format.js';

/**
 * Builds the value a reader yields for a row it could not read: the row goes to rejects
 * with this message, and reading goes on.
 *
 * @example
 * yield badRow('clientes.csv', 7, 'expected 4 fields, found 3', {}, 'Ana;300');
 */
export function badRow(
  name: string | undefined,
  row: number,
  detail: string,
  fields: Record<string, unknown> = {},
  raw?: string,
): SourceRow {
  const error: RowError = {
    code: 'INPUT_BAD_ROW',
    message: formatErrorMessage('INPUT_BAD_ROW', { row, path: name ?? 'input', detail }),
  };
  if (raw !== undefined) error.raw = raw;
  return { row, fields, error };
}
