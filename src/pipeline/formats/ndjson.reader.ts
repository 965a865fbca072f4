import { badRow } from './bad-row.js';
import { openText } from './open-text.js';
import type { ReadOptions, SourceRow } from './record-format.js';
import { splitLines } from './split-lines.js';
import { toFieldStrings } from './to-field-strings.js';

/**
 * Streams an NDJSON file: one JSON object per line; `row` is the line number. A line that is
 * not JSON, or not an object, is yielded as a bad row naming the line; blank lines are skipped.
 *
 * @example
 * for await (const r of readNdjson('clientes.ndjson', { format: 'ndjson' })) console.log(r.fields);
 */
export async function* readNdjson(
  input: string | NodeJS.ReadableStream,
  options: ReadOptions,
): AsyncGenerator<SourceRow> {
  const name = options.name ?? (typeof input === 'string' ? input : undefined);
  const { text } = await openText(input, options.encoding);
  try {
    for await (const { lines, firstLineNo } of splitLines(text)) {
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i] as string;
        const lineNo = firstLineNo + i;
        if (line.trim() === '') continue;
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch (err) {
          yield badRow(
            name,
            lineNo,
            `line ${lineNo} is not valid JSON (${(err as Error).message})`,
            {},
            line,
          );
          continue;
        }
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
          yield badRow(name, lineNo, `line ${lineNo} is not a JSON object`, {}, line);
          continue;
        }
        yield { row: lineNo, fields: toFieldStrings(value as Record<string, unknown>) };
      }
    }
  } finally {
    text.destroy();
  }
}
