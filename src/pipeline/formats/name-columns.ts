/**
 * Turns a header row into field names: trimmed (and a stray BOM dropped), blank ones become
 * `column_N`, repeated ones get `_2`, `_3`… so that no value is silently overwritten.
 *
 * @example
 * nameColumns([' Teléfono ', '', 'Teléfono']); // ['Teléfono', 'column_2', 'Teléfono_2']
 */
export function nameColumns(raw: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((value, index) => {
    const base = value.replace(/^\ufeff/, '').trim() || `column_${index + 1}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base}_${count}`;
  });
}
