import { createDecipheriv } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { PhonesetError } from '../core/errors.js';
import {
  chunkNonce,
  decodeLakeHeader,
  LAKE_KEY_CONTEXT,
  LAKE_TAG_SIZE,
  type LakeHeader,
} from './lake-file-format.js';
import type { LakeKeyRing } from './lake-key-ring.js';

/**
 * A Transform that decrypts a lake file back to the bytes that were encrypted (the gzip
 * stream), verifying every chunk's tag as it goes and that the file ends with its final
 * chunk. Any mismatch is a `LAKE_CORRUPT` error naming the file; an unknown key is the key
 * ring's own error.
 *
 * @example
 * await pipeline(createReadStream(file), createDecryptLakeStream(keyRing, file), createGunzip(), out);
 */
export function createDecryptLakeStream(keyRing: LakeKeyRing, path: string): Transform {
  let header: LakeHeader | undefined;
  let fileKey: Buffer | undefined;
  let buffer: Buffer = Buffer.alloc(0);
  let index = 0;

  const corrupt = (detail: string, cause?: unknown) =>
    new PhonesetError('LAKE_CORRUPT', { path, detail }, { cause });

  const open = (sealed: Buffer, last: boolean): Buffer => {
    const h = header as LakeHeader;
    const tagAt = sealed.length - LAKE_TAG_SIZE;
    const decipher = createDecipheriv(
      'aes-256-gcm',
      fileKey as Buffer,
      chunkNonce(h.noncePrefix, index, last),
    );
    decipher.setAAD(h.bytes);
    decipher.setAuthTag(sealed.subarray(tagAt));
    try {
      const plain = Buffer.concat([decipher.update(sealed.subarray(0, tagAt)), decipher.final()]);
      index++;
      return plain;
    } catch (cause) {
      throw corrupt(`chunk ${index} failed authentication (tampered, reordered or truncated)`, cause);
    }
  };

  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      try {
        buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
        if (!header) {
          header = decodeLakeHeader(buffer, path);
          if (!header) return callback();
          buffer = buffer.subarray(header.bytes.length);
          try {
            fileKey = Buffer.from(keyRing.decrypt(header.sealedKey, LAKE_KEY_CONTEXT), 'base64');
          } catch (cause) {
            if (cause instanceof PhonesetError && cause.code === 'KEYS_UNKNOWN_ID') throw cause;
            throw corrupt('the file key does not open (tampered header or wrong key ring)', cause);
          }
          if (fileKey.length !== 32) throw corrupt('the file key has the wrong length');
        }
        const full = header.chunkSize + LAKE_TAG_SIZE;
        // A full-size chunk is never the final one (the writer makes the final one shorter).
        while (buffer.length >= full) {
          this.push(open(buffer.subarray(0, full), false));
          buffer = buffer.subarray(full);
        }
        callback();
      } catch (err) {
        callback(err as Error);
      }
    },
    flush(callback: TransformCallback) {
      try {
        if (!header) throw corrupt('the file is shorter than its header');
        if (buffer.length < LAKE_TAG_SIZE) throw corrupt('the file is cut off (no final chunk)');
        this.push(open(buffer, true));
        fileKey?.fill(0);
        callback();
      } catch (err) {
        callback(err as Error);
      }
    },
  });
}
