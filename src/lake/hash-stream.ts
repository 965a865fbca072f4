import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';

/** A pass-through that measures what flows: sha256 (hex) and size, read after it ends. */
export interface HashStream extends Transform {
  readonly sha256: string;
  readonly size: number;
}

/**
 * Creates a pass-through that hashes and counts the bytes going through it; with `expected`,
 * it fails at the end (with `onMismatch`'s error) when the hash differs.
 *
 * @example
 * const tap = createHashStream();
 * await pipeline(input, tap, gzip, out);
 * console.log(tap.sha256, tap.size);
 */
export function createHashStream(expected?: string, onMismatch?: (actual: string) => Error): HashStream {
  const hash = createHash('sha256');
  let size = 0;
  let digest = '';
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
    flush(callback) {
      digest = hash.digest('hex');
      if (expected !== undefined && digest !== expected) {
        callback(onMismatch?.(digest) ?? new Error(`sha256 mismatch: ${digest}`));
        return;
      }
      callback();
    },
  });
  Object.defineProperties(stream, {
    sha256: { get: () => digest },
    size: { get: () => size },
  });
  return stream as HashStream;
}
