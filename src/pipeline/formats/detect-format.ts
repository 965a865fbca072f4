import { extname } from 'node:path';
import type { InputFormat } from './record-format.js';

const BY_EXTENSION: Record<string, InputFormat> = {
  '.csv': 'csv',
  '.tsv': 'csv',
  '.tab': 'csv',
  '.json': 'json',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.xlsx': 'xlsx',
  '.xlsm': 'xlsx',
  '.txt': 'lines',
};

/**
 * Guesses the input format when `--format` is omitted: the bytes decide where they can (an
 * XLSX is a ZIP, `PK\x03\x04`; text starting with `[` is a JSON array, with `{` NDJSON),
 * otherwise the extension; a `.txt` whose first line holds a delimiter is CSV; the default
 * is CSV.
 *
 * @example
 * detectFormat('export.dat', Buffer.from('{"phone":"300"}\n')); // 'ndjson'
 */
export function detectFormat(fileName: string, firstBytes: Uint8Array): InputFormat {
  if (firstBytes[0] === 0x50 && firstBytes[1] === 0x4b && firstBytes[2] === 0x03 && firstBytes[3] === 0x04) {
    return 'xlsx';
  }
  const text = Buffer.from(firstBytes.subarray(0, 4096))
    .toString('latin1')
    .replace(/^(\xef\xbb\xbf|\xff\xfe|\xfe\xff)/, '')
    .replace(/\0/g, '');
  const start = text.trimStart()[0];
  if (start === '[') return 'json';
  if (start === '{') return 'ndjson';
  const byExtension = BY_EXTENSION[extname(fileName).toLowerCase()];
  if (byExtension === 'lines') {
    const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
    return /[,;\t]/.test(firstLine) ? 'csv' : 'lines';
  }
  if (byExtension && byExtension !== 'xlsx') return byExtension;
  return 'csv';
}
