import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { PhonesetError } from '../../core/errors.js';

/**
 * Opens a reader's input as a byte stream: a path is opened (and a missing file is a
 * clear `INPUT_NOT_FOUND`), a stream is used as it is.
 *
 * @example
 * const bytes = await openInput('clientes.csv');
 */
export async function openInput(input: string | NodeJS.ReadableStream): Promise<Readable> {
  if (typeof input !== 'string') {
    return input instanceof Readable ? input : Readable.from(input as AsyncIterable<Buffer>);
  }
  try {
    const info = await stat(input);
    if (!info.isFile()) throw new Error('not a file');
  } catch (cause) {
    throw new PhonesetError('INPUT_NOT_FOUND', { path: input }, { cause });
  }
  return createReadStream(input, { highWaterMark: 64 * 1024 });
}
