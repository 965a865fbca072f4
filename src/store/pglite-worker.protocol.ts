/** A request to the embedded database's worker thread (`pglite.worker.ts`). */
export type WorkerRequest = { id: number } & (
  | { op: 'query'; sql: string; params: readonly unknown[] }
  | { op: 'exec'; sql: string }
  | { op: 'copyFrom'; table: string; columns: readonly string[]; data: Uint8Array }
  | { op: 'copyTo'; sql: string }
  | { op: 'dump' }
  | { op: 'close' }
);

/** The worker's answer to the request with the same id (id 0: the database is open, or not). */
export interface WorkerReply {
  id: number;
  ok: boolean;
  rows?: unknown[];
  text?: string;
  bytes?: Uint8Array;
  target?: string;
  error?: { message: string; name: string; code?: string; constraint?: string; [k: string]: unknown };
}
