/**
 * Renders one value read from a file as the string readers yield: integers keep every digit
 * (a phone stored as the number 3001234567 stays `3001234567`, never `3.00123457E+09`),
 * dates become ISO (`2024-03-01` at midnight UTC, full timestamp otherwise), `null` and
 * `undefined` become `''`, nested objects and arrays become JSON.
 *
 * @example
 * toCellString(573001234567); // '573001234567'
 */
export function toCellString(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (Number.isInteger(value) && Math.abs(value) >= 1e21) return BigInt(value).toString();
    return String(value);
  }
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  return JSON.stringify(value);
}
