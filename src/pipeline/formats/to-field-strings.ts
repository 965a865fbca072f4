import { toCellString } from './to-cell-string.js';

/**
 * Turns the values of a parsed JSON object into the strings readers yield.
 *
 * @example
 * toFieldStrings({ telefono: 3001234567, verificado: true }); // { telefono: '3001234567', verificado: 'true' }
 */
export function toFieldStrings(object: Record<string, unknown>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(object)) fields[key.trim()] = toCellString(value);
  return fields;
}
