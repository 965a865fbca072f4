import { extname } from 'node:path';
import { EXPORT_COLUMNS, generateCustomerExport, TRUTH_COLUMNS } from '../../core/generate/index.js';
import { createRecordWriter } from '../formats/create-record-writer.js';
import type { OutputFormat, RecordWriter } from '../formats/record-format.js';
import { openOutput } from './open-output.js';

/** Formats `phoneset generate` writes. */
export const GENERATE_FORMATS = ['csv', 'ndjson', 'json', 'xlsx'] as const;
export type GenerateFormat = (typeof GENERATE_FORMATS)[number];

export interface WriteCustomerExportOptions {
  rows: number;
  seed: number | string;
  /** A path, `-` for stdout, or a stream. */
  output: string | NodeJS.WritableStream;
  format: GenerateFormat;
  /** Where to write the truth: CSV, or NDJSON when the name ends in `.ndjson`/`.jsonl`. */
  truth?: string;
  /** Called every 10,000 rows with the rows written so far. */
  onProgress?: (rows: number) => void;
}

/**
 * Streams a synthetic customer export (see `generateCustomerExport`) to a file or stdout in
 * the given format, and its truth beside it, in flat memory with backpressure.
 *
 * @example
 * await writeCustomerExport({ rows: 20_000, seed: 42, output: 'export.csv', format: 'csv', truth: 'truth.csv' });
 */
export async function writeCustomerExport(options: WriteCustomerExportOptions): Promise<{ rows: number }> {
  const writer = createRecordWriter(options.format as OutputFormat, openOutput(options.output), {
    columns: [...EXPORT_COLUMNS],
  });
  let truth: RecordWriter | undefined;
  if (options.truth) {
    const ext = extname(options.truth).toLowerCase();
    truth = createRecordWriter(
      ext === '.ndjson' || ext === '.jsonl' ? 'ndjson' : 'csv',
      openOutput(options.truth),
      {
        columns: [...TRUTH_COLUMNS],
      },
    );
  }
  let rows = 0;
  try {
    for (const generated of generateCustomerExport({ rows: options.rows, seed: options.seed })) {
      await writer.write(generated.record as unknown as Record<string, unknown>);
      if (truth) await truth.write(generated.truth as unknown as Record<string, unknown>);
      rows++;
      if (rows % 10_000 === 0) options.onProgress?.(rows);
    }
    await writer.close();
    await truth?.close();
  } catch (error) {
    await writer.abort?.().catch(() => undefined);
    await truth?.abort?.().catch(() => undefined);
    throw error;
  }
  options.onProgress?.(rows);
  return { rows };
}
