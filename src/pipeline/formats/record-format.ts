/**
 * File formats phoneset reads and writes. Readers turn bytes into records
 * (plain objects of string fields) with their 1-based row numbers; writers turn
 * records back into bytes. Both stream, so memory stays flat on any file size.
 */
export const INPUT_FORMATS = ['csv', 'json', 'ndjson', 'xlsx', 'lines'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

export const OUTPUT_FORMATS = ['csv', 'json', 'ndjson', 'xlsx', 'parquet'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/**
 * A row that could not be read as a record (ragged CSV row, NDJSON line that is not
 * JSON, …). Readers yield it as a value and go on with the next row.
 */
export interface RowError {
  code: 'INPUT_BAD_ROW';
  /** Names the file, the row (and line where it differs) and what was wrong. */
  message: string;
  /** The raw text of the row, when the format has one. */
  raw?: string;
}

/**
 * One record read from a file. `row` is the 1-based data row (header excluded), for error
 * messages; for the line-based formats (`ndjson`, `lines`) it is the line number, so blank
 * lines, which are skipped, keep the numbering of the file. Readers yield field values as
 * strings (an empty cell is `''`). When `error` is set the row is bad: `fields` holds what
 * could be read, and the row must be rejected, not normalized.
 */
export interface SourceRow {
  row: number;
  fields: Record<string, unknown>;
  error?: RowError;
}

/** Text encodings the readers decode: UTF-16 only with its BOM (Excel's "Unicode text"). */
export type TextEncoding = 'utf8' | 'windows-1252' | 'utf16le' | 'utf16be';

export interface ReadOptions {
  format: InputFormat;
  /** csv: `,` `;` or tab; sniffed from the first lines when absent. */
  delimiter?: string;
  /** csv/ndjson/lines: detected when absent (BOM, then UTF-8 validity of the first bytes). */
  encoding?: TextEncoding;
  /** xlsx: sheet name (default: first sheet). */
  sheet?: string;
  /** For error messages: the file's name. */
  name?: string;
}

export interface RecordWriter {
  write(record: Record<string, unknown>): Promise<void>;
  /** Flushes and closes; resolves when every byte is written. */
  close(): Promise<void>;
  /** Gives up: stops writing and removes a partial output file. */
  abort?(): Promise<void>;
}
