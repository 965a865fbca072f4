import type { OutboxRepository } from '../../store/outbox.repository.js';
import type { CustomerCache } from './customer-cache.js';

export interface OutboxFollowerOptions {
  /** How often to look for new events. Default 250 ms: the longest a change made elsewhere stays invisible. */
  intervalMs?: number;
  /** Called when a poll fails (the follower keeps going). */
  onError?: (error: unknown) => void;
}

/** A running follower; `stop()` ends it. */
export interface OutboxFollower {
  stop(): Promise<void>;
  /** Reads new events now and invalidates their customers (tests and in-process writers use it). */
  poll(): Promise<void>;
}

/**
 * Keeps the customer cache honest for changes made by any process (a CLI
 * import, dedupe, another API replica): follows the outbox from its current end
 * and drops the cache entry of every customer an event names.
 *
 * @example
 * const follower = followOutbox(store.outbox, customers, { intervalMs: 250 });
 * app.addHook('onClose', () => follower.stop());
 */
export function followOutbox(
  outbox: Pick<OutboxRepository, 'readAfter' | 'lastId'>,
  customers: CustomerCache,
  options: OutboxFollowerOptions = {},
): OutboxFollower {
  let after: string | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  const poll = (): Promise<void> => {
    running ??= (async () => {
      try {
        if (after === undefined) {
          after = await outbox.lastId();
          return;
        }
        for (;;) {
          const events = await outbox.readAfter(after, { limit: 1000 });
          if (events.length === 0) return;
          const ids = events
            .map((e) => e.key ?? (e.payload.customer_id as string | undefined))
            .filter(Boolean);
          await customers.invalidate(ids as string[]);
          after = (events[events.length - 1] as { id: string }).id;
          if (events.length < 1000) return;
        }
      } catch (error) {
        options.onError?.(error);
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  const timer = setInterval(() => {
    if (!stopped) void poll();
  }, options.intervalMs ?? 250);
  timer.unref();
  void poll();

  return {
    poll,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
