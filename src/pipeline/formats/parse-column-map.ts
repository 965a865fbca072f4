import { PhonesetError } from '../../core/errors.js';
import { type CanonicalField, canonicalFieldOf } from './canonical-fields.js';

/** Which source column feeds each canonical field, as given with `--map`. */
export type ColumnMap = Partial<Record<CanonicalField, string>>;

/**
 * Parses `--map phone=Telefono,customer_id=Cedula`: canonical field (or a known alias of it,
 * such as `phone`) = source column. Column names are kept as written (trimmed); a pair without
 * `=`, an unknown field or a field given twice is an `INPUT_BAD_COLUMN_MAP` error.
 *
 * @example
 * parseColumnMap('phone=Telefono,customer_id=Cedula'); // { phone_number: 'Telefono', customer_id: 'Cedula' }
 */
export function parseColumnMap(text: string): ColumnMap {
  const map: ColumnMap = {};
  for (const pair of text.split(',')) {
    if (pair.trim() === '') continue;
    const eq = pair.indexOf('=');
    const key = pair.slice(0, eq).trim();
    const column = pair.slice(eq + 1).trim();
    if (eq < 0 || key === '' || column === '') {
      throw new PhonesetError('INPUT_BAD_COLUMN_MAP', {
        map: text,
        detail: `"${pair.trim()}" is not field=column`,
      });
    }
    const field = canonicalFieldOf(key);
    if (!field) {
      throw new PhonesetError('INPUT_BAD_COLUMN_MAP', {
        map: text,
        detail: `unknown field "${key}"; fields are ${canonicalFieldNames()}`,
      });
    }
    if (map[field] !== undefined) {
      throw new PhonesetError('INPUT_BAD_COLUMN_MAP', {
        map: text,
        detail: `field "${field}" is mapped twice`,
      });
    }
    map[field] = column;
  }
  return map;
}

function canonicalFieldNames(): string {
  return 'customer_id, phone_number (phone), phone_type, source_system, is_primary, is_verified, updated_at, source_record_id, country';
}
