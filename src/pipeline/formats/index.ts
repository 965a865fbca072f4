/**
 * File formats: streaming readers and writers. Import from here.
 *
 * @example
 * import { readRecords, createRecordWriter } from '../pipeline/formats/index.js';
 */
export { createRecordWriter, type RecordWriterOptions } from './create-record-writer.js';
export { detectEncoding } from './detect-encoding.js';
export { readRecords } from './read-records.js';
export * from './record-format.js';
export { CSV_DELIMITERS, type CsvDelimiter, sniffDelimiter } from './sniff-delimiter.js';
