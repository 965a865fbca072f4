import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pipeline as pipelineCallback, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { PhonesetError } from '../core/errors.js';
import { createDecryptLakeStream } from './decrypt-lake-stream.js';
import { createEncryptLakeStream } from './encrypt-lake-stream.js';
import { createHashStream } from './hash-stream.js';
import type { Lake, LakeEntry, LakePutMeta, LakePutResult, LakeReleaseMeta } from './lake.js';
import type { LakeKeyRing } from './lake-key-ring.js';

export interface FileLakeConfig {
  /** The lake folder, normally `$PHONESET_HOME/lake`. */
  root: string;
  keyRing: LakeKeyRing;
}

const SUFFIX = '.gz.enc';
const SHA256 = /^[0-9a-f]{64}$/;
const SAFE_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const TMP = '.tmp';
const INDEX = '.index';

interface IndexEntry {
  key: string;
  source: string;
  fileName: string;
  size: number;
  compressedSize: number;
  receivedAt: string;
}

/**
 * The lake in a folder: `<root>/<source>/<yyyy>/<mm>/<dd>/<sha256>.gz.enc` for batches and
 * `<root>/releases/<release>/<fileName>.gz.enc` for releases, each in the format of
 * lake-file-format.ts (gzip, then AES-256-GCM chunks under a per-file key sealed by the key
 * ring). Writes are atomic: bytes go to `<root>/.tmp/`, are fsynced, then renamed into place
 * and the folder fsynced, so a crash leaves either the whole file or none under its name.
 * Batches are content-addressed: identical bytes are stored once (`alreadyStored`), and
 * `<root>/.index/<sha256>.json` finds them without walking the tree.
 *
 * @example
 * const lake = new FileLake({ root: join(config.home, 'lake'), keyRing });
 * const { key, sha256 } = await lake.put(file, { source: 'call_center', fileName: 'llamadas.csv' });
 */
export class FileLake implements Lake {
  readonly root: string;
  readonly #keyRing: LakeKeyRing;

  constructor(config: FileLakeConfig) {
    this.root = resolve(config.root);
    this.#keyRing = config.keyRing;
  }

  async put(input: string | NodeJS.ReadableStream, meta: LakePutMeta): Promise<LakePutResult> {
    checkSegment(meta.source, 'source', meta.fileName);
    const receivedAt = meta.receivedAt ?? new Date();
    const written = await this.#writeTemp(input, meta.fileName);
    const existing = await this.exists(written.sha256);
    if (existing) {
      await rm(written.tmp, { force: true });
      return {
        key: existing.key,
        path: existing.path,
        sha256: written.sha256,
        size: written.size,
        compressedSize: existing.compressedSize,
        alreadyStored: true,
        receivedAt: existing.receivedAt ?? receivedAt,
      };
    }
    const day = receivedAt.toISOString().slice(0, 10).split('-');
    const key = [meta.source, ...day, `${written.sha256}${SUFFIX}`].join('/');
    await this.#commit(written.tmp, key, meta.fileName);
    await this.#writeIndex(written.sha256, {
      key,
      source: meta.source,
      fileName: meta.fileName,
      size: written.size,
      compressedSize: written.compressedSize,
      receivedAt: receivedAt.toISOString(),
    });
    return {
      key,
      path: this.#resolve(key),
      sha256: written.sha256,
      size: written.size,
      compressedSize: written.compressedSize,
      alreadyStored: false,
      receivedAt,
    };
  }

  async putRelease(input: string | NodeJS.ReadableStream, meta: LakeReleaseMeta): Promise<LakePutResult> {
    checkSegment(meta.release, 'release', meta.fileName);
    checkSegment(meta.fileName, 'file name', meta.fileName);
    const written = await this.#writeTemp(input, meta.fileName);
    const key = ['releases', meta.release, `${meta.fileName}${SUFFIX}`].join('/');
    // A release file is immutable: never replace one that exists.
    if (await fileExists(this.#resolve(key))) {
      await rm(written.tmp, { force: true });
      throw new PhonesetError('LAKE_WRITE_FAILED', {
        file: key,
        detail: 'a release file with this name exists',
      });
    }
    await this.#commit(written.tmp, key, meta.fileName);
    return {
      key,
      path: this.#resolve(key),
      sha256: written.sha256,
      size: written.size,
      compressedSize: written.compressedSize,
      alreadyStored: false,
      receivedAt: new Date(),
    };
  }

  open(keyOrPath: string, options: { sha256?: string } = {}): Readable {
    const path = this.#resolve(keyOrPath);
    const key = relative(this.root, path).split(sep).join('/');
    const named = basename(path).slice(0, 64);
    const expected =
      options.sha256 ?? (SHA256.test(named) && basename(path) === `${named}${SUFFIX}` ? named : undefined);
    const keyRing = this.#keyRing;
    async function* originalBytes(): AsyncGenerator<Buffer> {
      const verify = createHashStream(
        expected,
        (actual) =>
          new PhonesetError('LAKE_CORRUPT', {
            path: key,
            detail: `sha256 is ${actual}, expected ${expected}`,
          }),
      );
      const tail = pipelineCallback(
        createReadStream(path),
        createDecryptLakeStream(keyRing, key),
        createGunzip(),
        verify,
        () => {},
      );
      try {
        for await (const chunk of tail) yield chunk as Buffer;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') throw new PhonesetError('LAKE_NOT_FOUND', { path: key }, { cause: err });
        if (err instanceof PhonesetError) throw err;
        throw new PhonesetError(
          'LAKE_CORRUPT',
          { path: key, detail: (err as Error).message },
          { cause: err },
        );
      } finally {
        tail.destroy();
      }
    }
    return Readable.from(originalBytes(), { objectMode: false });
  }

  async exists(sha256: string): Promise<LakeEntry | undefined> {
    if (!SHA256.test(sha256)) return undefined;
    let entry: IndexEntry;
    try {
      entry = JSON.parse(await readFile(join(this.root, INDEX, `${sha256}.json`), 'utf8')) as IndexEntry;
    } catch {
      return undefined;
    }
    const path = this.#resolve(entry.key);
    const info = await stat(path).catch(() => undefined);
    if (!info) return undefined;
    return {
      key: entry.key,
      path,
      source: entry.source,
      sha256,
      compressedSize: info.size,
      size: entry.size,
      fileName: entry.fileName,
      receivedAt: new Date(entry.receivedAt),
    };
  }

  async *list(options: { source?: string } = {}): AsyncGenerator<LakeEntry> {
    const start = options.source ? join(this.root, options.source) : this.root;
    let names: string[];
    try {
      names = (await readdir(start, { recursive: true })) as string[];
    } catch {
      return;
    }
    for (const name of names.sort()) {
      if (!name.endsWith(SUFFIX)) continue;
      const path = join(start, name);
      const key = relative(this.root, path).split(sep).join('/');
      if (key.startsWith(`${TMP}/`) || key.startsWith(`${INDEX}/`)) continue;
      const sha256 = basename(name).slice(0, -SUFFIX.length);
      const indexed = SHA256.test(sha256) ? await this.exists(sha256) : undefined;
      if (indexed && indexed.key === key) {
        yield indexed;
        continue;
      }
      const info = await stat(path);
      yield { key, path, source: key.split('/')[0] as string, sha256, compressedSize: info.size };
    }
  }

  /**
   * Removes temp files left by writes that crashed (kill -9, power loss) more than
   * `olderThanMs` ago; they were never visible under a lake name. Returns how many.
   */
  async removeStaleTemp(olderThanMs = 60 * 60 * 1000): Promise<number> {
    const dir = join(this.root, TMP);
    const names = await readdir(dir).catch(() => [] as string[]);
    let removed = 0;
    for (const name of names) {
      const info = await stat(join(dir, name)).catch(() => undefined);
      if (info && Date.now() - info.mtimeMs > olderThanMs) {
        await rm(join(dir, name), { force: true });
        removed++;
      }
    }
    return removed;
  }

  /** Streams the input through hash → gzip → encrypt into a temp file, fsynced. */
  async #writeTemp(
    input: string | NodeJS.ReadableStream,
    fileName: string,
  ): Promise<{ tmp: string; sha256: string; size: number; compressedSize: number }> {
    const tmpDir = join(this.root, TMP);
    await mkdir(tmpDir, { recursive: true, mode: 0o700 });
    const tmp = join(tmpDir, `${randomBytes(12).toString('hex')}.part`);
    const hash = createHashStream();
    try {
      const source = typeof input === 'string' ? createReadStream(input) : input;
      await pipeline(
        source,
        hash,
        createGzip(),
        createEncryptLakeStream(this.#keyRing),
        createWriteStream(tmp, { flags: 'wx', mode: 0o600 }),
      );
      // The rename that publishes the file must not reach the disk before its bytes do.
      const handle = await open(tmp, 'r+');
      try {
        await handle.sync();
        const { size: compressedSize } = await handle.stat();
        return { tmp, sha256: hash.sha256, size: hash.size, compressedSize };
      } finally {
        await handle.close();
      }
    } catch (cause) {
      await rm(tmp, { force: true });
      if ((cause as NodeJS.ErrnoException).code === 'ENOENT' && typeof input === 'string') {
        throw new PhonesetError('INPUT_NOT_FOUND', { path: input }, { cause });
      }
      throw new PhonesetError(
        'LAKE_WRITE_FAILED',
        { file: fileName, detail: (cause as Error).message },
        { cause },
      );
    }
  }

  /** Renames a synced temp file into place and syncs the folder so the rename survives a crash. */
  async #commit(tmp: string, key: string, fileName: string): Promise<void> {
    const path = this.#resolve(key);
    try {
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      await rename(tmp, path);
      await syncDirectory(dirname(path));
    } catch (cause) {
      await rm(tmp, { force: true });
      throw new PhonesetError(
        'LAKE_WRITE_FAILED',
        { file: fileName, detail: (cause as Error).message },
        { cause },
      );
    }
  }

  async #writeIndex(sha256: string, entry: IndexEntry): Promise<void> {
    const dir = join(this.root, INDEX);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const tmp = join(this.root, TMP, `${sha256}.${randomBytes(6).toString('hex')}.json`);
    const handle = await open(tmp, 'wx', 0o600);
    try {
      await handle.writeFile(JSON.stringify(entry));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, join(dir, `${sha256}.json`));
  }

  /** A key (relative, `/`-separated) or a path inside the lake; anything outside is refused. */
  #resolve(keyOrPath: string): string {
    const path = isAbsolute(keyOrPath) ? resolve(keyOrPath) : resolve(this.root, ...keyOrPath.split('/'));
    if (path !== this.root && !path.startsWith(this.root + sep)) {
      throw new PhonesetError('LAKE_NOT_FOUND', { path: `${keyOrPath} (outside the lake)` });
    }
    return path;
  }
}

function checkSegment(value: string, what: string, fileName: string): void {
  if (!SAFE_SEGMENT.test(value)) {
    throw new PhonesetError('LAKE_WRITE_FAILED', {
      file: fileName,
      detail: `${what} "${value}" must be letters, digits, '_', '-' or '.'`,
    });
  }
}

async function fileExists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
