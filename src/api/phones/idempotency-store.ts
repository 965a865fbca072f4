/** What a (client, key) pair holds: the body it was first used with, and the response once there is one. */
export interface IdempotencyEntry {
  body_sha256: string;
  /** `null` while the first request is still running. */
  status: number | null;
  response: unknown;
}

/** Reserved now (run the request), or held already (replay it, refuse it, or wait). */
export type IdempotencyReservation = { reserved: true } | { reserved: false; entry: IdempotencyEntry };

/**
 * The port the API needs to keep idempotency keys across restarts and replicas; the
 * store's `idempotency_keys` table implements it (`store.idempotency`).
 *
 * @example
 * const r = await keys.reserve({ client_id, key_sha256, body_sha256, ttlMs: 86_400_000, leaseMs: 60_000 });
 * if (r.reserved) { const out = await run(); await keys.complete(client_id, key_sha256, 200, out); }
 */
export interface IdempotencyStore {
  /**
   * Reserves the key for a request with this body, atomically across processes. A key whose
   * entry has expired, or whose reservation is older than `leaseMs` without a response (its
   * process died), is taken over.
   */
  reserve(input: {
    client_id: string;
    key_sha256: string;
    body_sha256: string;
    ttlMs: number;
    leaseMs: number;
  }): Promise<IdempotencyReservation>;
  /** Stores the response of a reserved key. */
  complete(client_id: string, key_sha256: string, status: number, response: unknown): Promise<void>;
  /** Drops a reservation whose request failed, so that a retry runs it again. */
  release(client_id: string, key_sha256: string): Promise<void>;
  /** Deletes expired keys; returns how many. */
  purgeExpired(): Promise<number>;
}
