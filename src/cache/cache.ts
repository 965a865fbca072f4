/** What a fixed-window counter reports after one hit. */
export interface WindowCount {
  /** Hits in the current window, this one included. */
  count: number;
  /** Milliseconds until the window resets. */
  resetInMs: number;
}

/**
 * The small cache port the API uses: string values with a TTL, and an atomic
 * fixed-window counter for rate limits. Implemented in-process (`MemoryCache`)
 * and on Redis (`RedisCache`), so several API processes can share both.
 *
 * @example
 * await cache.set('customer:C1', JSON.stringify(rows), 30_000);
 * const { count } = await cache.hit('rl:client-1:read', 60_000);
 */
export interface Cache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  delete(...keys: string[]): Promise<void>;
  /** Counts one hit in the window that `key` names; the first hit opens a window of `windowMs`. */
  hit(key: string, windowMs: number): Promise<WindowCount>;
  /**
   * `hit` without a promise, for caches that count in-process (`MemoryCache`): the rate limit
   * of every request then costs no turn of the event loop. Absent on remote caches.
   */
  hitNow?(key: string, windowMs: number): WindowCount;
  close(): Promise<void>;
}
