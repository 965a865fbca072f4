import JSONParser from '@streamparser/json/jsonparser.js';
import { PhonesetError } from '../../core/errors.js';
import { badRow } from './bad-row.js';
import { openText } from './open-text.js';
import type { ReadOptions, SourceRow } from './record-format.js';
import { toFieldStrings } from './to-field-strings.js';

/**
 * Streams the elements of a top-level JSON array (`[{…}, {…}]`) without holding the file:
 * @streamparser/json emits each element as soon as it is complete, and only the elements
 * finished by the current 64 KiB chunk are held. `row` is the element's 1-based index. An
 * element that is not an object is a bad row; a file that is not a JSON array, or breaks
 * off, is an `INPUT_BAD_FORMAT` error naming the element where it failed (the rows before
 * it have been yielded).
 *
 * @example
 * for await (const r of readJson('clientes.json', { format: 'json' })) console.log(r.fields);
 */
export async function* readJson(
  input: string | NodeJS.ReadableStream,
  options: ReadOptions,
): AsyncGenerator<SourceRow> {
  const name = options.name ?? (typeof input === 'string' ? input : 'input');
  const { text } = await openText(input, options.encoding);
  const parser = new JSONParser({ paths: ['$.*'], keepStack: false });
  const ready: unknown[] = [];
  parser.onValue = ({ value }) => {
    ready.push(value);
  };
  let row = 0;
  let started = false;
  const fail = (detail: string, cause?: unknown): PhonesetError =>
    new PhonesetError('INPUT_BAD_FORMAT', { path: name, format: 'json', detail }, { cause });
  try {
    for await (const chunk of text as AsyncIterable<string>) {
      if (!started) {
        const first = chunk.trimStart()[0];
        if (first === undefined) continue;
        if (first !== '[') throw fail(`expected a top-level array "[", found "${first}"`);
        started = true;
      }
      try {
        parser.write(chunk);
      } catch (err) {
        throw fail(`invalid JSON after element ${row + ready.length} (${(err as Error).message})`, err);
      }
      for (const value of ready) yield toRow(++row, value);
      ready.length = 0;
    }
    if (!started) throw fail('the file is empty');
    try {
      // The parser ends by itself once the top-level array closes; end() then would throw.
      if (!parser.isEnded) parser.end();
    } catch (err) {
      throw fail(`the array breaks off after element ${row + ready.length} (${(err as Error).message})`, err);
    }
    for (const value of ready) yield toRow(++row, value);
  } finally {
    text.destroy();
  }

  function toRow(index: number, value: unknown): SourceRow {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return badRow(name, index, `element ${index} is not a JSON object`, {}, JSON.stringify(value));
    }
    return { row: index, fields: toFieldStrings(value as Record<string, unknown>) };
  }
}
