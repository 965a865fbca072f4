import { Worker } from 'node:worker_threads';
import type { PhoneResult } from '../../core/phone/index.js';
import { workerSource } from '../../runtime/worker-source.js';
import type { PhoneBatch } from './normalize-batch.js';

interface Pending {
  resolve: (results: PhoneResult[]) => void;
  reject: (error: Error) => void;
  worker: Worker;
}

/**
 * A fixed pool of worker threads that normalize batches. `run` resolves with the batch's
 * results; callers keep their own order (each batch is answered as a whole, in its order).
 *
 * @example
 * const pool = NormalizePool.start(2);
 * const results = await pool?.run({ phones: ['3001234567'], countries: [null], defaultCountry: 'CO' });
 * await pool?.close();
 */
export class NormalizePool {
  private readonly pending = new Map<number, Pending>();
  private readonly load = new Map<Worker, number>();
  private nextId = 0;
  private failure: Error | undefined;
  private closing = false;

  private constructor(private readonly workers: Worker[]) {
    for (const worker of workers) {
      this.load.set(worker, 0);
      worker.on('message', (message: { id: number; results: PhoneResult[] }) => {
        const entry = this.pending.get(message.id);
        if (!entry) return;
        this.pending.delete(message.id);
        this.load.set(worker, (this.load.get(worker) ?? 1) - 1);
        entry.resolve(message.results);
      });
      worker.on('error', (error) => this.fail(worker, error));
      worker.on('exit', (code) => {
        if (code !== 0 && !this.closing)
          this.fail(worker, new Error(`normalize worker exited with code ${code}`));
      });
    }
  }

  /** Starts `size` workers, or returns undefined when the worker entry cannot be found. */
  static start(size: number): NormalizePool | undefined {
    const entry = workerSource(import.meta.url, 'normalize.worker');
    if (!entry || size < 1) return undefined;
    const workers = Array.from(
      { length: size },
      () => new Worker(entry.source, { eval: entry.eval, execArgv: [] }),
    );
    return new NormalizePool(workers);
  }

  get size(): number {
    return this.workers.length;
  }

  run(batch: PhoneBatch): Promise<PhoneResult[]> {
    if (this.failure) return Promise.reject(this.failure);
    let worker = this.workers[0] as Worker;
    for (const candidate of this.workers) {
      if ((this.load.get(candidate) ?? 0) < (this.load.get(worker) ?? 0)) worker = candidate;
    }
    const id = this.nextId++;
    this.load.set(worker, (this.load.get(worker) ?? 0) + 1);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, worker });
      worker.postMessage({ id, batch });
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private fail(worker: Worker, error: Error): void {
    this.failure ??= new Error('a normalize worker failed', { cause: error });
    for (const [id, entry] of this.pending) {
      if (entry.worker !== worker) continue;
      this.pending.delete(id);
      entry.reject(this.failure);
    }
  }
}
