import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { Transform } from 'node:stream';
import { PhonesetError } from '../../core/errors.js';
import { createRecordWriter } from '../formats/create-record-writer.js';
import { readRecords } from '../formats/read-records.js';
import type { RecordWriter } from '../formats/record-format.js';
import { normalizeRecords } from './normalize-records.js';
import { openOutput } from './open-output.js';

/** Input formats `phoneset normalize` reads. */
export const NORMALIZE_INPUT_FORMATS = ['csv', 'ndjson', 'lines'] as const;
export type NormalizeInputFormat = (typeof NORMALIZE_INPUT_FORMATS)[number];
/** Output formats `phoneset normalize` writes. */
export const NORMALIZE_OUTPUT_FORMATS = ['ndjson', 'csv'] as const;
export type NormalizeOutputFormat = (typeof NORMALIZE_OUTPUT_FORMATS)[number];

/** Columns tried, in order, when no column is named. */
export const DEFAULT_PHONE_COLUMNS = ['phone', 'phone_number'] as const;

export interface NormalizeFileOptions {
  /** A path, or `-` for stdin. */
  input: string;
  /** Default: from the extension (`.csv`, `.ndjson`/`.jsonl`, anything else `lines`). */
  format?: NormalizeInputFormat;
  /** The phone column; default `phone`, then `phone_number`. */
  column?: string;
  /** Default `CO`. */
  defaultCountry?: string;
  /** A path, `-` for stdout (default), or a stream. */
  output?: string | NodeJS.WritableStream;
  /** Default: from the output extension (`.csv`), else `ndjson`. */
  outputFormat?: NormalizeOutputFormat;
  /** Worker threads for large inputs (0 = in-process). Default: the machine's cores. */
  workers?: number;
  /** Rows normalized in-process before workers start. */
  workerThreshold?: number;
  /** Called every few thousand rows and once at the end. */
  onProgress?: (progress: NormalizeProgress) => void;
}

export interface NormalizeProgress {
  rows: number;
  bytesRead: number;
  /** Size of the input file, or null for stdin. */
  totalBytes: number | null;
}

/** Counts of one normalize run. */
export interface NormalizeSummary {
  rows: number;
  valid: number;
  /** Rows read whose phone is not valid (includes empty ones). */
  invalid: number;
  /** Rows the reader could not read (they are in the output with `row_error`). */
  badRows: number;
  seconds: number;
  rowsPerSecond: number;
  byCountry: Record<string, number>;
  byType: Record<string, number>;
  byIssue: Record<string, number>;
}

const PROGRESS_EVERY = 5000;

/**
 * Infers the input format from a file name (`-` and unknown extensions read as `lines`).
 *
 * @example
 * inputFormatOf('clientes.csv'); // 'csv'
 */
export function inputFormatOf(path: string): NormalizeInputFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv' || ext === '.tsv') return 'csv';
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  return 'lines';
}

/**
 * Normalizes a file (or stdin) into a file (or stdout), streaming in flat memory, in input
 * order, one output row per input row with the input fields plus the result fields
 * (`RESULT_FIELDS`). Result fields replace input fields of the same name.
 *
 * @example
 * const summary = await normalizeFile({ input: 'clientes.csv', column: 'telefono', output: 'out.ndjson' });
 * console.error(`${summary.valid}/${summary.rows} valid`);
 */
export async function normalizeFile(options: NormalizeFileOptions): Promise<NormalizeSummary> {
  const started = performance.now();
  const format = options.format ?? inputFormatOf(options.input);
  const name = options.input === '-' ? 'stdin' : options.input;
  const progress: NormalizeProgress = { rows: 0, bytesRead: 0, totalBytes: null };
  let source: NodeJS.ReadableStream;
  if (options.input === '-') {
    source = process.stdin;
  } else {
    try {
      const info = await stat(options.input);
      if (!info.isFile()) throw new Error('not a file');
      progress.totalBytes = info.size;
    } catch (cause) {
      throw new PhonesetError('INPUT_NOT_FOUND', { path: options.input }, { cause });
    }
    source = createReadStream(options.input, { highWaterMark: 256 * 1024 });
  }
  // Counts bytes as the reader pulls them, for the progress bar; passes chunks through untouched.
  const counted = source.pipe(
    new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        progress.bytesRead += chunk.length;
        callback(null, chunk);
      },
    }),
  );
  source.on('error', (error) => counted.destroy(error));

  const output = options.output ?? '-';
  const outputFormat =
    options.outputFormat ??
    (typeof output === 'string' && extname(output).toLowerCase() === '.csv' ? 'csv' : 'ndjson');
  const summary: NormalizeSummary = {
    rows: 0,
    valid: 0,
    invalid: 0,
    badRows: 0,
    seconds: 0,
    rowsPerSecond: 0,
    byCountry: {},
    byType: {},
    byIssue: {},
  };
  let writer: RecordWriter | undefined;
  try {
    const rows = normalizeRecords(readRecords(counted, { format, name }), {
      columns: options.column ? [options.column] : DEFAULT_PHONE_COLUMNS,
      defaultCountry: (options.defaultCountry ?? 'CO').toUpperCase(),
      ...(options.workers === undefined ? {} : { workers: options.workers }),
      ...(options.workerThreshold === undefined ? {} : { workerThreshold: options.workerThreshold }),
      name,
    });
    for await (const out of rows) {
      writer ??= createRecordWriter(outputFormat, openOutput(output));
      await writer.write(out.record);
      summary.rows++;
      const result = out.result;
      if (!result) summary.badRows++;
      else {
        if (result.is_valid) summary.valid++;
        else summary.invalid++;
        const country = result.country_code ?? 'none';
        summary.byCountry[country] = (summary.byCountry[country] ?? 0) + 1;
        summary.byType[result.type] = (summary.byType[result.type] ?? 0) + 1;
        for (const issue of result.issues) summary.byIssue[issue] = (summary.byIssue[issue] ?? 0) + 1;
      }
      if (summary.rows % PROGRESS_EVERY === 0 && options.onProgress) {
        progress.rows = summary.rows;
        options.onProgress(progress);
      }
    }
    writer ??= createRecordWriter(outputFormat, openOutput(output));
    await writer.close();
  } catch (error) {
    await writer?.abort?.().catch(() => undefined);
    counted.destroy();
    if (typeof (source as { destroy?: unknown }).destroy === 'function' && source !== process.stdin) {
      (source as NodeJS.ReadableStream & { destroy(): void }).destroy();
    }
    throw error;
  }
  progress.rows = summary.rows;
  options.onProgress?.(progress);
  summary.seconds = (performance.now() - started) / 1000;
  summary.rowsPerSecond = summary.seconds > 0 ? summary.rows / summary.seconds : 0;
  return summary;
}
