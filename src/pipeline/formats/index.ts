/**
 * File formats: streaming readers and writers. Import from here.
 *
 * @example
 * import { readRecords, createRecordWriter } from '../pipeline/formats/index.js';
 */

export {
  CANONICAL_FIELDS,
  type CanonicalField,
  canonicalFieldOf,
  HEADER_ALIASES,
} from './canonical-fields.js';
export { createRecordWriter, type RecordWriterOptions } from './create-record-writer.js';
export { detectEncoding } from './detect-encoding.js';
export { detectFormat } from './detect-format.js';
export { type OutputOptions, OutputSink } from './output-sink.js';
export type { ParquetColumnType, ParquetWriterOptions } from './parquet.writer.js';
export { type ColumnMap, parseColumnMap } from './parse-column-map.js';
export { readRecords } from './read-records.js';
export * from './record-format.js';
export { type ResolvedColumns, resolveColumns } from './resolve-columns.js';
export { CSV_DELIMITERS, type CsvDelimiter, sniffDelimiter } from './sniff-delimiter.js';
export type { XlsxWriterOptions } from './xlsx.writer.js';
