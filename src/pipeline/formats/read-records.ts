import { PhonesetError } from '../../core/errors.js';
import { readCsv } from './csv.reader.js';
import { readJson } from './json.reader.js';
import { readLines } from './lines.reader.js';
import { readNdjson } from './ndjson.reader.js';
import type { ReadOptions, SourceRow } from './record-format.js';
import { readXlsx } from './xlsx.reader.js';

/**
 * Streams the records of a file or byte stream in the given format. Memory stays flat: rows
 * are parsed as they are pulled, and a consumer that stops pulling stops the reading.
 * Bad rows are yielded with `error` set; a file that cannot be read at all throws a
 * `PhonesetError` (`INPUT_NOT_FOUND`, `INPUT_BAD_FORMAT`).
 *
 * @example
 * for await (const r of readRecords('clientes.csv', { format: 'csv' })) {
 *   if (r.error) reject(r); else normalize(r.fields);
 * }
 */
export function readRecords(
  input: string | NodeJS.ReadableStream,
  options: ReadOptions,
): AsyncIterable<SourceRow> {
  switch (options.format) {
    case 'csv':
      return readCsv(input, options);
    case 'ndjson':
      return readNdjson(input, options);
    case 'lines':
      return readLines(input, options);
    case 'json':
      return readJson(input, options);
    case 'xlsx':
      return readXlsx(input, options);
    default:
      throw new PhonesetError('INPUT_BAD_FORMAT', {
        path: options.name ?? (typeof input === 'string' ? input : 'input'),
        format: String(options.format),
        detail: 'unknown format',
      });
  }
}
