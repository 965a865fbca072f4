/**
 * File formats phoneset reads and writes. Readers turn bytes into records
 * (plain objects of string fields) with their 1-based row numbers; writers turn
 * records back into bytes. Both stream, so memory stays flat on any file size.
 */
export const INPUT_FORMATS = ['csv', 'json', 'ndjson', 'xlsx', 'lines'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

export const OUTPUT_FORMATS = ['csv', 'json', 'ndjson', 'xlsx', 'parquet'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** One record read from a file. `row` is the 1-based data row (header excluded), for error messages. */
export interface SourceRow {
  row: number;
  fields: Record<string, unknown>;
}

export interface ReadOptions {
  format: InputFormat;
  /** csv: `,` `;` or tab; sniffed from the first lines when absent. */
  delimiter?: string;
  /** csv/lines: `utf8` or `windows-1252`; detected when absent (BOM, then UTF-8 validity). */
  encoding?: 'utf8' | 'windows-1252';
  /** xlsx: sheet name (default: first sheet). */
  sheet?: string;
  /** For error messages: the file's name. */
  name?: string;
}

export interface RecordWriter {
  write(record: Record<string, unknown>): Promise<void>;
  /** Flushes and closes; resolves when every byte is written. */
  close(): Promise<void>;
}
