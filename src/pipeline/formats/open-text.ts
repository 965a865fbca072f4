import { Readable } from 'node:stream';
import { decodeText } from './decode-text.js';
import { detectEncoding } from './detect-encoding.js';
import { openInput } from './open-input.js';
import { peekStream } from './peek-stream.js';
import type { TextEncoding } from './record-format.js';

/** How much of a file is looked at to detect its encoding and CSV delimiter. */
export const SNIFF_BYTES = 256 * 1024;

export interface OpenedText {
  /** Text chunks (strings), BOM removed. Destroy it to stop early and release the input. */
  text: Readable;
  encoding: TextEncoding;
  /** The first bytes, decoded: enough to sniff a delimiter. */
  headText: string;
}

/**
 * Opens a text input: looks at its first bytes to detect the encoding (unless given), then
 * decodes the whole stream lazily. A file that is valid UTF-8 in its first 256 KiB and not
 * after is decoded as UTF-8 with replacement characters; the encoding option fixes that.
 *
 * @example
 * const { text, encoding } = await openText('clientes.csv');
 */
export async function openText(
  input: string | NodeJS.ReadableStream,
  encoding?: TextEncoding,
): Promise<OpenedText> {
  const bytes = await openInput(input);
  const { head, stream } = await peekStream(bytes, SNIFF_BYTES);
  const chosen = encoding ?? detectEncoding(head);
  let headText = '';
  for await (const chunk of decodeText(Readable.from([head], { objectMode: false }), chosen))
    headText += chunk;
  return { text: decodeText(stream, chosen), encoding: chosen, headText };
}
