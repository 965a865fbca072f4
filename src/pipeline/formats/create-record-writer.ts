import { PhonesetError } from '../../core/errors.js';
import { type CsvWriterOptions, createCsvWriter } from './csv.writer.js';
import { createJsonWriter } from './json.writer.js';
import { createNdjsonWriter } from './ndjson.writer.js';
import { OutputSink } from './output-sink.js';
import { createParquetWriter, type ParquetWriterOptions } from './parquet.writer.js';
import type { OutputFormat, RecordWriter } from './record-format.js';
import { createXlsxWriter, type XlsxWriterOptions } from './xlsx.writer.js';

export type RecordWriterOptions = CsvWriterOptions & XlsxWriterOptions & ParquetWriterOptions;

/**
 * Opens a streaming writer for `format` on a file path, `-` (stdout) or a writable stream.
 * `write` resolves once the record is accepted (waiting for `drain` when the output is
 * slow); `close` flushes and, for a file, renames `<path>.partial` to `<path>`.
 *
 * @example
 * const w = createRecordWriter('csv', 'export.csv');
 * for await (const r of rows) await w.write(r);
 * await w.close();
 */
export function createRecordWriter(
  format: OutputFormat,
  output: string | NodeJS.WritableStream,
  options: RecordWriterOptions = {},
): RecordWriter {
  switch (format) {
    case 'csv':
      return createCsvWriter(OutputSink.open(output, options), options);
    case 'ndjson':
      return createNdjsonWriter(OutputSink.open(output, options));
    case 'json':
      return createJsonWriter(OutputSink.open(output, options));
    case 'xlsx':
      return createXlsxWriter(OutputSink.open(output, options), options);
    case 'parquet':
      return createParquetWriter(OutputSink.open(output, options), options);
    default:
      throw new PhonesetError('CLI_BAD_USAGE', { detail: `unknown output format "${String(format)}"` });
  }
}
