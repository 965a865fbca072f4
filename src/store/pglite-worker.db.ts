import { Worker } from 'node:worker_threads';
import { PhonesetError } from '../core/errors.js';
import { workerSource } from '../runtime/worker-source.js';
import type { Db, SqlExecutor } from './db.js';
import type { WorkerReply, WorkerRequest } from './pglite-worker.protocol.js';

type Request = WorkerRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

/** An error from the worker, rebuilt with the fields callers read (SQLSTATE code, constraint …). */
function rebuild(error: NonNullable<WorkerReply['error']>): Error {
  const out = new Error(error.message) as Error & Record<string, unknown>;
  for (const [k, v] of Object.entries(error)) if (k !== 'message') out[k] = v;
  return out;
}

/**
 * The embedded database (PGlite on a data folder) in a worker thread: the same engine and
 * SQL as `PgliteDb`, but its statements run beside this thread instead of on it, so an import
 * parses and encrypts the next chunk while the database writes the last one. Statements run
 * one at a time in order (PGlite has one session); a transaction holds the session until it
 * ends, and other statements wait for it.
 *
 * @example
 * const db = await PgliteWorkerDb.open('.phoneset/db');
 */
export class PgliteWorkerDb implements Db {
  readonly kind = 'pglite' as const;
  readonly target: string;
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (r: WorkerReply) => void; reject: (e: Error) => void }>();
  #next = 1;
  #session: Promise<unknown> = Promise.resolve();
  #failure: Error | undefined;
  #closed = false;

  private constructor(worker: Worker, target: string) {
    this.#worker = worker;
    this.target = target;
    worker.on('message', (reply: WorkerReply) => {
      const waiter = this.#pending.get(reply.id);
      if (!waiter) return;
      this.#pending.delete(reply.id);
      if (reply.ok) waiter.resolve(reply);
      else waiter.reject(rebuild(reply.error ?? { message: 'unknown error', name: 'Error' }));
    });
    const fail = (error: Error): void => {
      this.#failure ??= new PhonesetError('STORE_CONNECT_FAILED', {
        target: this.target,
        detail: `the embedded database's worker stopped: ${error.message}`,
      });
      for (const waiter of this.#pending.values()) waiter.reject(this.#failure);
      this.#pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!this.#closed) fail(new Error(`exit code ${code}`));
    });
  }

  /** Starts the worker and opens (creating when missing) the database in `dataDir`. */
  static async open(dataDir: string): Promise<PgliteWorkerDb> {
    const target = `PGlite at ${dataDir}`;
    const entry = workerSource(import.meta.url, 'pglite.worker');
    if (!entry) {
      throw new PhonesetError('STORE_CONNECT_FAILED', { target, detail: 'pglite.worker module not found' });
    }
    const worker = new Worker(entry.source, { eval: entry.eval, workerData: { dataDir }, execArgv: [] });
    const first = await new Promise<WorkerReply>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    }).catch(
      (error: Error): WorkerReply => ({
        id: 0,
        ok: false,
        error: { message: error.message, name: error.name },
      }),
    );
    if (!first.ok) {
      await worker.terminate();
      throw new PhonesetError('STORE_CONNECT_FAILED', {
        target,
        detail: first.error?.message ?? 'the worker did not start',
      });
    }
    return new PgliteWorkerDb(worker, first.target ?? target);
  }

  #call(request: Request): Promise<WorkerReply> {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#next++;
    return new Promise<WorkerReply>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...request, id } as WorkerRequest);
    });
  }

  /** Runs `fn` once every earlier statement and transaction of this connection has finished. */
  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#session.then(fn, fn);
    this.#session = run.catch(() => undefined);
    return run;
  }

  #executor(): SqlExecutor {
    return {
      query: async <T>(sql: string, params: readonly unknown[] = []) =>
        (await this.#call({ op: 'query', sql, params })).rows as T[],
      exec: async (sql: string) => {
        await this.#call({ op: 'exec', sql });
      },
      copyFrom: async (table: string, columns: readonly string[], data: Uint8Array) => {
        await this.#call({ op: 'copyFrom', table, columns, data });
      },
      copyTo: async (sql: string) => (await this.#call({ op: 'copyTo', sql })).text ?? '',
    };
  }

  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    return this.#exclusive(() => this.#executor().query<T>(sql, params));
  }

  exec(sql: string): Promise<void> {
    return this.#exclusive(() => this.#executor().exec(sql));
  }

  copyFrom(table: string, columns: readonly string[], data: Uint8Array): Promise<void> {
    return this.#exclusive(() => this.#executor().copyFrom(table, columns, data));
  }

  copyTo(query: string): Promise<string> {
    return this.#exclusive(() => this.#executor().copyTo(query));
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.#exclusive(async () => {
      const tx = this.#executor();
      await tx.exec('BEGIN');
      try {
        const result = await fn(tx);
        await tx.exec('COMMIT');
        return result;
      } catch (error) {
        await tx.exec('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  /** The data folder as an uncompressed tar archive (see `PgliteDb.dumpDataDir`). */
  dumpDataDir(): Promise<Uint8Array> {
    return this.#exclusive(async () => (await this.#call({ op: 'dump' })).bytes ?? new Uint8Array());
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#exclusive(async () => {
      if (!this.#failure) await this.#call({ op: 'close' }).catch(() => undefined);
    });
    this.#closed = true;
    this.#failure ??= new PhonesetError('STORE_CONNECT_FAILED', {
      target: this.target,
      detail: 'the database was closed',
    });
    await this.#worker.terminate();
  }
}
