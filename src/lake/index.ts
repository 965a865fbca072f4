/**
 * The raw lake: batches exactly as received and release files, compressed and encrypted.
 *
 * @example
 * import { FileLake } from '../lake/index.js';
 */
export { FileLake, type FileLakeConfig } from './file-lake.js';
export type { Lake, LakeEntry, LakePutMeta, LakePutResult, LakeReleaseMeta } from './lake.js';
export { LAKE_CHUNK_SIZE } from './lake-file-format.js';
export type { LakeKeyRing } from './lake-key-ring.js';
