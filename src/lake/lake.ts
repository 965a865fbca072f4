import type { Readable } from 'node:stream';

/** What `put` returns: all the manifest row needs from the lake. */
export interface LakePutResult {
  /** Path relative to the lake root (the manifest's `lake_path`); `open` takes it. */
  key: string;
  /** Absolute path of the file. */
  path: string;
  /** sha256 (hex) of the bytes as received. */
  sha256: string;
  /** Size of the bytes as received. */
  size: number;
  /** Size of the file on disk (gzip, then encryption). */
  compressedSize: number;
  /** True when identical bytes were already in the lake: nothing new was written, `key` is the stored copy. */
  alreadyStored: boolean;
  receivedAt: Date;
}

/** One stored file, as listed. */
export interface LakeEntry {
  key: string;
  path: string;
  /** The source folder (`crm_salesforce`…) or `releases`. */
  source: string;
  sha256: string;
  compressedSize: number;
  /** Known for files written with an index entry. */
  size?: number;
  fileName?: string;
  receivedAt?: Date;
}

export interface LakePutMeta {
  /** Source system tag; the first folder level. */
  source: string;
  /** The name the file arrived with (kept in the index, not in the path). */
  fileName: string;
  /** Default: now. Decides the `<yyyy>/<mm>/<dd>` folder (UTC). */
  receivedAt?: Date;
}

export interface LakeReleaseMeta {
  /** Release id or version (`v2026.11.28-1`); a folder under `releases/`. */
  release: string;
  /** File name inside the release (`registry.parquet`). */
  fileName: string;
}

/**
 * The raw lake: every batch exactly as received, compressed, encrypted, checksummed, written
 * once and never changed; plus release files. Stores decide nothing here: the manifest row
 * (source_batches) is written by the pipeline from what `put` returns.
 *
 * @example
 * const stored = await lake.put('clientes.csv', { source: 'crm_salesforce', fileName: 'clientes.csv' });
 * for await (const row of readRecords(lake.open(stored.key), { format: 'csv' })) …
 */
export interface Lake {
  put(input: string | NodeJS.ReadableStream, meta: LakePutMeta): Promise<LakePutResult>;
  putRelease(input: string | NodeJS.ReadableStream, meta: LakeReleaseMeta): Promise<LakePutResult>;
  /** The original bytes; the stream fails with `LAKE_CORRUPT` on any tampering, `LAKE_NOT_FOUND` if missing. */
  open(keyOrPath: string, options?: { sha256?: string }): Readable;
  /** The stored batch with these bytes, if any (re-import detection). */
  exists(sha256: string): Promise<LakeEntry | undefined>;
  list(options?: { source?: string }): AsyncIterable<LakeEntry>;
}
