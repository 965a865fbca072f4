import { PhonesetError } from '../core/errors.js';

/**
 * Lake file format, version 1 (`*.gz.enc`). The plaintext is the gzip stream of the bytes as
 * received; it is encrypted in chunks with a key of its own, so that files of any size stream
 * in flat memory and every chunk is authenticated as it is read.
 *
 * Header (integers big-endian):
 *
 * | bytes | field |
 * |---|---|
 * | 4 | magic `PSLK` |
 * | 1 | version `1` |
 * | 4 | chunk size C: plaintext bytes per chunk (65 536) |
 * | 7 | nonce prefix, random per file |
 * | 1 + n | key id of the key-ring key that sealed the file key (UTF-8, length first) |
 * | 2 + m | the file key sealed by the key ring: an AES-256-GCM envelope of 32 random bytes, context `lake-file-key` |
 *
 * Then chunks: chunk i is AES-256-GCM under the file key with nonce = prefix ‖ i (u32) ‖ last
 * (u8, 1 on the final chunk), the whole header as additional data, written as ciphertext ‖
 * 16-byte tag. Every chunk but the final one holds exactly C plaintext bytes; the final one
 * holds 0…C−1, so it is always shorter and a reader needs no look-ahead. This is the STREAM
 * construction (Hoang, Reyhanitabar, Rogaway, Vizár 2015) as Tink's streaming AEAD uses it:
 * a changed, reordered, dropped or appended chunk, a cut-off file or an edited header fails
 * authentication. The file key is unique per file, so nonces never repeat under one key;
 * rotating ring keys only needs the header re-sealed, never the data re-encrypted.
 */
export const LAKE_MAGIC = Buffer.from('PSLK', 'ascii');
export const LAKE_FORMAT_VERSION = 1;
export const LAKE_CHUNK_SIZE = 64 * 1024;
export const LAKE_TAG_SIZE = 16;
export const LAKE_NONCE_PREFIX_SIZE = 7;
export const LAKE_KEY_CONTEXT = 'lake-file-key';

export interface LakeHeader {
  chunkSize: number;
  noncePrefix: Buffer;
  keyId: string;
  sealedKey: string;
  /** The header exactly as written: the additional data of every chunk. */
  bytes: Buffer;
}

/**
 * Serialises a lake file header.
 *
 * @example
 * const header = encodeLakeHeader({ chunkSize: 65536, noncePrefix, keyId: 'k1', sealedKey });
 */
export function encodeLakeHeader(header: Omit<LakeHeader, 'bytes'>): LakeHeader {
  const keyId = Buffer.from(header.keyId, 'utf8');
  const sealed = Buffer.from(header.sealedKey, 'utf8');
  if (keyId.length > 255 || sealed.length > 65535) throw new Error('lake header field too long');
  const fixed = Buffer.alloc(4 + 1 + 4 + LAKE_NONCE_PREFIX_SIZE);
  LAKE_MAGIC.copy(fixed, 0);
  fixed.writeUInt8(LAKE_FORMAT_VERSION, 4);
  fixed.writeUInt32BE(header.chunkSize, 5);
  header.noncePrefix.copy(fixed, 9);
  const sealedLength = Buffer.alloc(2);
  sealedLength.writeUInt16BE(sealed.length, 0);
  const bytes = Buffer.concat([fixed, Buffer.from([keyId.length]), keyId, sealedLength, sealed]);
  return { ...header, bytes };
}

/**
 * Reads a header from the start of a lake file: `undefined` while `data` is too short to
 * hold it, otherwise the header and its length. A file that is not a lake file is
 * `LAKE_CORRUPT`.
 *
 * @example
 * const parsed = decodeLakeHeader(firstBytes, 'crm/2026/11/28/ab….gz.enc');
 */
export function decodeLakeHeader(data: Buffer, path: string): LakeHeader | undefined {
  const fixedSize = 4 + 1 + 4 + LAKE_NONCE_PREFIX_SIZE;
  if (data.length < Math.min(fixedSize, 5)) return undefined;
  if (!data.subarray(0, 4).equals(LAKE_MAGIC.subarray(0, Math.min(4, data.length)))) {
    throw new PhonesetError('LAKE_CORRUPT', { path, detail: 'not a lake file (bad magic)' });
  }
  if (data.readUInt8(4) !== LAKE_FORMAT_VERSION) {
    throw new PhonesetError('LAKE_CORRUPT', { path, detail: `unknown format version ${data.readUInt8(4)}` });
  }
  if (data.length < fixedSize + 1) return undefined;
  const chunkSize = data.readUInt32BE(5);
  if (chunkSize === 0 || chunkSize > 64 * 1024 * 1024) {
    throw new PhonesetError('LAKE_CORRUPT', { path, detail: `bad chunk size ${chunkSize}` });
  }
  const keyIdLength = data.readUInt8(fixedSize);
  const sealedAt = fixedSize + 1 + keyIdLength;
  if (data.length < sealedAt + 2) return undefined;
  const sealedLength = data.readUInt16BE(sealedAt);
  const end = sealedAt + 2 + sealedLength;
  if (data.length < end) return undefined;
  return {
    chunkSize,
    noncePrefix: Buffer.from(data.subarray(9, fixedSize)),
    keyId: data.subarray(fixedSize + 1, sealedAt).toString('utf8'),
    sealedKey: data.subarray(sealedAt + 2, end).toString('utf8'),
    bytes: Buffer.from(data.subarray(0, end)),
  };
}

/**
 * The nonce of chunk `index`: prefix ‖ index (u32) ‖ last flag.
 *
 * @example
 * chunkNonce(prefix, 0, false).length; // 12
 */
export function chunkNonce(prefix: Buffer, index: number, last: boolean): Buffer {
  const nonce = Buffer.alloc(12);
  prefix.copy(nonce, 0);
  nonce.writeUInt32BE(index, LAKE_NONCE_PREFIX_SIZE);
  nonce.writeUInt8(last ? 1 : 0, 11);
  return nonce;
}
