// The embedded database in a worker thread of its own (see PgliteWorkerDb): PGlite runs
// PostgreSQL compiled to WebAssembly synchronously on the thread that calls it, so on the
// caller's thread every statement stops parsing, normalizing and encrypting. Here, the
// statements of one chunk run while the caller prepares the next.
import { parentPort, workerData } from 'node:worker_threads';
import { PgliteDb } from './pglite.db.js';
import type { WorkerReply, WorkerRequest } from './pglite-worker.protocol.js';

const port = parentPort;
if (!port) throw new Error('pglite.worker must run in a worker thread');

function describe(error: unknown): WorkerReply['error'] {
  const e = error as Record<string, unknown>;
  const out: Record<string, unknown> = {
    message: e?.message ?? String(error),
    name: e?.name ?? 'Error',
  };
  // The fields callers read off PostgreSQL errors (SQLSTATE, constraint, …) and ours.
  for (const k of [
    'code',
    'constraint',
    'table',
    'column',
    'detail',
    'hint',
    'schema',
    'details',
    'severity',
  ])
    if (e?.[k] !== undefined) out[k] = e[k];
  return out as WorkerReply['error'];
}

const { dataDir } = workerData as { dataDir: string };
let db: PgliteDb;
try {
  db = await PgliteDb.open(dataDir);
  port.postMessage({ id: 0, ok: true, target: db.target } satisfies WorkerReply);
} catch (error) {
  port.postMessage({ id: 0, ok: false, error: describe(error) } satisfies WorkerReply);
  process.exit(0);
}

async function handle(request: WorkerRequest): Promise<WorkerReply> {
  switch (request.op) {
    case 'query':
      return { id: request.id, ok: true, rows: await db.query(request.sql, request.params) };
    case 'exec':
      await db.exec(request.sql);
      return { id: request.id, ok: true };
    case 'copyFrom':
      await db.copyFrom(request.table, request.columns, request.data);
      return { id: request.id, ok: true };
    case 'copyTo':
      return { id: request.id, ok: true, text: await db.copyTo(request.sql) };
    case 'dump':
      return { id: request.id, ok: true, bytes: await db.dumpDataDir() };
    case 'close':
      await db.close();
      return { id: request.id, ok: true };
  }
}

// One request at a time, in arrival order: the caller's transactions rely on it.
let queue: Promise<void> = Promise.resolve();
port.on('message', (request: WorkerRequest) => {
  queue = queue.then(async () => {
    let reply: WorkerReply;
    try {
      reply = await handle(request);
    } catch (error) {
      reply = { id: request.id, ok: false, error: describe(error) };
    }
    port.postMessage(reply);
  });
});
