import type { TextEncoding } from './record-format.js';

/**
 * Guesses the text encoding of a file from its first bytes: a BOM decides; otherwise
 * bytes that are valid UTF-8 are UTF-8, and anything else is taken as Windows-1252, the
 * encoding Excel writes CSV in on Latin-American Windows machines.
 *
 * The sample may end in the middle of a multi-byte character; that is not held against it.
 *
 * @example
 * detectEncoding(Buffer.from('nombre;teléfono\n', 'latin1')); // 'windows-1252'
 */
export function detectEncoding(head: Uint8Array): TextEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf16be';
  try {
    // `stream: true` keeps a character cut at the end of the sample from counting as invalid.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf8';
  } catch {
    return 'windows-1252';
  }
}
