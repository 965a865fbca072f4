import { pipeline, type Readable } from 'node:stream';
import iconv from 'iconv-lite';
import type { TextEncoding } from './record-format.js';

const ICONV_NAMES: Record<TextEncoding, string> = {
  utf8: 'utf8',
  'windows-1252': 'win1252',
  utf16le: 'utf16le',
  utf16be: 'utf16be',
};

/**
 * Decodes a byte stream to text chunks in the given encoding, dropping a leading BOM.
 * Multi-byte characters split across chunks are kept whole (iconv-lite's streaming decoder).
 * Destroying the returned stream destroys `bytes` too.
 *
 * @example
 * for await (const text of decodeText(bytes, 'windows-1252')) process(text);
 */
export function decodeText(bytes: Readable, encoding: TextEncoding): Readable {
  // pipeline (not pipe) so that a read error reaches the consumer and destroying the text
  // stream releases the file.
  return pipeline(
    bytes,
    iconv.decodeStream(ICONV_NAMES[encoding], { stripBOM: true }),
    () => {},
  ) as unknown as Readable;
}
