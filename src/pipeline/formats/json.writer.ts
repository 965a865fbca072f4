import type { OutputSink } from './output-sink.js';
import type { RecordWriter } from './record-format.js';
import { toJsonText } from './to-json-text.js';

/**
 * A streaming JSON writer: one top-level array, one record per line, written as records
 * arrive (the array is never built in memory). An empty export is `[]`.
 *
 * @example
 * const w = createJsonWriter(OutputSink.open('out.json'));
 * await w.write({ customer_id: 'C1' });
 * await w.close(); // [\n{"customer_id":"C1"}\n]\n
 */
export function createJsonWriter(sink: OutputSink): RecordWriter {
  let first = true;
  return {
    async write(record) {
      await sink.write(`${first ? '[\n' : ',\n'}${toJsonText(record)}`);
      first = false;
    },
    async close() {
      await sink.write(first ? '[]\n' : '\n]\n');
      await sink.close();
    },
    abort: () => sink.abort(),
  };
}
