import { stringify } from 'csv-stringify/sync';
import type { OutputOptions, OutputSink } from './output-sink.js';
import type { RecordWriter } from './record-format.js';

export interface CsvWriterOptions extends OutputOptions {
  /** Column order; default: the keys of the first record. */
  columns?: string[];
  delimiter?: string;
}

/** Records are stringified in small batches: one csv-stringify call per record costs more than the write. */
const BATCH = 256;

/**
 * A streaming CSV writer (csv-stringify does the quoting): a header line from `columns` or the
 * first record's keys, then one line per record. Dates are written as ISO, booleans as
 * `true`/`false`, arrays and objects as JSON, null as an empty field.
 *
 * @example
 * const w = createCsvWriter(OutputSink.open('out.csv'));
 * await w.write({ customer_id: 'C1', phone_number: '+573001234567' });
 * await w.close();
 */
export function createCsvWriter(sink: OutputSink, options: CsvWriterOptions = {}): RecordWriter {
  let columns = options.columns;
  let headerWritten = false;
  let batch: Record<string, unknown>[] = [];
  async function flush(): Promise<void> {
    if (!columns) return;
    const text = stringify(batch, {
      columns,
      header: !headerWritten,
      delimiter: options.delimiter ?? ',',
      cast: {
        boolean: (v) => (v ? 'true' : 'false'),
        date: (v) => v.toISOString(),
        object: (v) => JSON.stringify(v),
        bigint: (v) => v.toString(),
      },
    });
    headerWritten = true;
    batch = [];
    if (text.length > 0) await sink.write(text);
  }
  return {
    async write(record) {
      columns ??= Object.keys(record);
      batch.push(record);
      if (batch.length >= BATCH) await flush();
    },
    async close() {
      await flush();
      await sink.close();
    },
    abort: () => sink.abort(),
  };
}
