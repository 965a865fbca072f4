import type { OutputSink } from './output-sink.js';
import type { RecordWriter } from './record-format.js';
import { toJsonText } from './to-json-text.js';

/**
 * A streaming NDJSON writer: one JSON object per line (dates as ISO strings, bigints as strings).
 *
 * @example
 * const w = createNdjsonWriter(OutputSink.open('out.ndjson'));
 * await w.write({ customer_id: 'C1' });
 * await w.close();
 */
export function createNdjsonWriter(sink: OutputSink): RecordWriter {
  return {
    write: (record) => sink.write(`${toJsonText(record)}\n`),
    close: () => sink.close(),
    abort: () => sink.abort(),
  };
}
