import { PhonesetError } from '../../core/errors.js';
import { CANONICAL_FIELDS, type CanonicalField, HEADER_ALIASES } from './canonical-fields.js';
import { foldHeader } from './fold-header.js';
import type { ColumnMap } from './parse-column-map.js';

/** Which source column (exact header as read) feeds each canonical field found. */
export type ResolvedColumns = Partial<Record<CanonicalField, string>> & { phone_number: string };

/**
 * Maps a file's headers onto the canonical fields. `--map` entries win and must name
 * existing columns (matched exactly, else accent- and case-insensitively); the other fields
 * are recognised from common Spanish and English headers (`Teléfono`, `Celular`, `Cédula`,
 * `id_cliente`, `phone`, `mobile`…), earlier aliases first, each column used once. A file
 * with no phone column is an `INPUT_NO_PHONE_COLUMN` error listing the headers seen.
 *
 * @example
 * resolveColumns(['Cédula', 'Nombre', 'Celular']); // { customer_id: 'Cédula', phone_number: 'Celular' }
 */
export function resolveColumns(
  headers: readonly string[],
  map: ColumnMap = {},
  fileName = 'input',
): ResolvedColumns {
  const resolved: Partial<Record<CanonicalField, string>> = {};
  const used = new Set<string>();
  const folded = new Map<string, string>();
  for (const header of headers) if (!folded.has(foldHeader(header))) folded.set(foldHeader(header), header);

  for (const [field, column] of Object.entries(map) as Array<[CanonicalField, string]>) {
    const header = headers.includes(column) ? column : folded.get(foldHeader(column));
    if (header === undefined) {
      throw new PhonesetError('INPUT_MISSING_COLUMN', {
        column,
        path: fileName,
        columns: listHeaders(headers),
      });
    }
    resolved[field] = header;
    used.add(header);
  }
  for (const field of CANONICAL_FIELDS) {
    if (resolved[field] !== undefined) continue;
    for (const alias of HEADER_ALIASES[field]) {
      const header = folded.get(alias);
      if (header !== undefined && !used.has(header)) {
        resolved[field] = header;
        used.add(header);
        break;
      }
    }
  }
  if (resolved.phone_number === undefined) {
    throw new PhonesetError('INPUT_NO_PHONE_COLUMN', { path: fileName, columns: listHeaders(headers) });
  }
  return resolved as ResolvedColumns;
}

function listHeaders(headers: readonly string[]): string {
  return headers.length > 0 ? headers.map((h) => `"${h}"`).join(', ') : '(none)';
}
