import { createCipheriv, randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import {
  chunkNonce,
  encodeLakeHeader,
  LAKE_CHUNK_SIZE,
  LAKE_KEY_CONTEXT,
  LAKE_NONCE_PREFIX_SIZE,
} from './lake-file-format.js';
import type { LakeKeyRing } from './lake-key-ring.js';

/**
 * A Transform that encrypts a byte stream into the lake file format (see lake-file-format.ts):
 * a fresh file key sealed by the key ring, then authenticated chunks.
 *
 * @example
 * await pipeline(gzipped, createEncryptLakeStream(keyRing), createWriteStream(tmp));
 */
export function createEncryptLakeStream(keyRing: LakeKeyRing, chunkSize = LAKE_CHUNK_SIZE): Transform {
  const fileKey = randomBytes(32);
  const header = encodeLakeHeader({
    chunkSize,
    noncePrefix: randomBytes(LAKE_NONCE_PREFIX_SIZE),
    keyId: keyRing.activeKeyId,
    sealedKey: keyRing.encrypt(fileKey.toString('base64'), LAKE_KEY_CONTEXT),
  });
  let pending: Buffer[] = [];
  let pendingLength = 0;
  let index = 0;

  const seal = (plain: Buffer, last: boolean): Buffer => {
    const cipher = createCipheriv('aes-256-gcm', fileKey, chunkNonce(header.noncePrefix, index++, last));
    cipher.setAAD(header.bytes);
    return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  };

  return new Transform({
    construct(callback) {
      this.push(header.bytes);
      callback();
    },
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      pending.push(chunk);
      pendingLength += chunk.length;
      if (pendingLength >= chunkSize) {
        let all = Buffer.concat(pending, pendingLength);
        while (all.length >= chunkSize) {
          this.push(seal(all.subarray(0, chunkSize), false));
          all = all.subarray(chunkSize);
        }
        pending = all.length > 0 ? [Buffer.from(all)] : [];
        pendingLength = all.length;
      }
      callback();
    },
    flush(callback: TransformCallback) {
      // The final chunk is always shorter than a full one (possibly empty): that marks the end.
      this.push(seal(Buffer.concat(pending, pendingLength), true));
      fileKey.fill(0);
      callback();
    },
  });
}
