/**
 * JSON text of a record as writers emit it: like `JSON.stringify`, but a bigint becomes a
 * string instead of throwing.
 *
 * @example
 * toJsonText({ n: 10n, at: new Date(0) }); // '{"n":"10","at":"1970-01-01T00:00:00.000Z"}'
 */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}
