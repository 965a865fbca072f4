import { openText } from './open-text.js';
import type { ReadOptions, SourceRow } from './record-format.js';
import { splitLines } from './split-lines.js';

/**
 * Streams a plain list of phone numbers, one per line, as records with the single field
 * `phone`; `row` is the line number and blank lines are skipped.
 *
 * @example
 * for await (const r of readLines('numeros.txt', { format: 'lines' })) console.log(r.fields.phone);
 */
export async function* readLines(
  input: string | NodeJS.ReadableStream,
  options: ReadOptions,
): AsyncGenerator<SourceRow> {
  const { text } = await openText(input, options.encoding);
  try {
    for await (const { lines, firstLineNo } of splitLines(text)) {
      for (let i = 0; i < lines.length; i++) {
        const phone = (lines[i] as string).trim();
        if (phone !== '') yield { row: firstLineNo + i, fields: { phone } };
      }
    }
  } finally {
    text.destroy();
  }
}
