import type { OutboxEvent, OutboxRepository } from '../../store/outbox.repository.js';
import type { CustomerCache } from './customer-cache.js';

export interface OutboxFollowerOptions {
  /** How often to look for new events in the background. Default 250 ms. */
  intervalMs?: number;
  /**
   * How long an id skipped in the outbox is looked for again: an event of a transaction that
   * took its id before a later one committed shows up late. Default 60 s (the customer cache
   * TTL: an entry older than that has expired anyway).
   */
  gapTtlMs?: number;
  /** Called when a poll fails (the follower keeps going). */
  onError?: (error: unknown) => void;
  /** The clock (tests). */
  now?: () => number;
}

/** A running follower; `stop()` ends it. */
export interface OutboxFollower {
  stop(): Promise<void>;
  /** Reads new events now and invalidates their customers (joins a poll already running). */
  poll(): Promise<void>;
  /**
   * Resolves once a poll that started at most `maxStalenessMs` ago has finished: with 0, every
   * change committed before the call has been applied to the cache when it resolves. Polls
   * are shared, so concurrent callers cost one outbox read between them.
   */
  sync(maxStalenessMs?: number): Promise<void>;
}

/** Ids skipped between two events read, looked for again until they expire. */
interface Gap {
  from: bigint;
  to: bigint;
  seenAt: number;
}

const PAGE = 1000;
const MAX_GAPS = 256;

/**
 * Keeps the customer cache honest for changes made by any process (a CLI import, dedupe,
 * another API replica): follows the outbox from its current end and drops the cache entry
 * of every customer an event names. Every registry change writes its event in the same
 * transaction, so the outbox is the one feed of changes from every path.
 *
 * Outbox ids are taken when a transaction inserts, not when it commits: a long transaction
 * can commit an id lower than one already read. Such skipped ids are remembered and looked
 * for again until `gapTtlMs` passes.
 *
 * @example
 * const follower = followOutbox(store.outbox, customers, { intervalMs: 250 });
 * await follower.sync(0); // every change committed before now is reflected in the cache
 * app.addHook('onClose', () => follower.stop());
 */
export function followOutbox(
  outbox: Pick<OutboxRepository, 'readAfter' | 'lastId'>,
  customers: CustomerCache,
  options: OutboxFollowerOptions = {},
): OutboxFollower {
  const now = options.now ?? Date.now;
  const gapTtlMs = options.gapTtlMs ?? 60_000;
  let after: bigint | undefined;
  let gaps: Gap[] = [];
  let running: Promise<void> | undefined;
  let runningStartedAt = 0;
  let lastStartedAt = Number.NEGATIVE_INFINITY;
  let queued: Promise<void> | undefined;
  let stopped = false;

  const customerOf = (e: OutboxEvent) => e.key ?? (e.payload.customer_id as string | undefined);

  function noteGaps(from: bigint, events: readonly OutboxEvent[], at: number): void {
    let expected = from + 1n;
    for (const e of events) {
      const id = BigInt(e.id);
      if (id > expected) gaps.push({ from: expected, to: id - 1n, seenAt: at });
      expected = id + 1n;
    }
    if (gaps.length > MAX_GAPS) gaps = gaps.slice(-MAX_GAPS);
  }

  /** Looks again for the ids of each open gap; closes what is found, drops what expired. */
  async function refillGaps(at: number): Promise<string[]> {
    const found: string[] = [];
    const open: Gap[] = [];
    for (const gap of gaps) {
      const size = Number(gap.to - gap.from + 1n);
      const events = (await outbox.readAfter(String(gap.from - 1n), { limit: Math.min(size, PAGE) })).filter(
        (e) => BigInt(e.id) <= gap.to,
      );
      for (const e of events) {
        const customer = customerOf(e);
        if (customer) found.push(customer);
      }
      // What is still missing inside the gap stays open (until it expires).
      let expected = gap.from;
      for (const e of events) {
        const id = BigInt(e.id);
        if (id > expected) open.push({ from: expected, to: id - 1n, seenAt: gap.seenAt });
        expected = id + 1n;
      }
      if (expected <= gap.to) open.push({ from: expected, to: gap.to, seenAt: gap.seenAt });
    }
    gaps = open.filter((g) => at - g.seenAt < gapTtlMs);
    return found;
  }

  async function readOnce(): Promise<void> {
    const at = now();
    if (after === undefined) {
      after = BigInt(await outbox.lastId());
      return;
    }
    const touched = gaps.length > 0 ? await refillGaps(at) : [];
    for (;;) {
      const events = await outbox.readAfter(String(after), { limit: PAGE });
      if (events.length === 0) break;
      noteGaps(after, events, at);
      for (const e of events) {
        const customer = customerOf(e);
        if (customer) touched.push(customer);
      }
      after = BigInt((events[events.length - 1] as OutboxEvent).id);
      if (events.length < PAGE) break;
    }
    await customers.invalidate(touched);
  }

  const poll = (): Promise<void> => {
    running ??= (async () => {
      runningStartedAt = now();
      try {
        await readOnce();
        lastStartedAt = runningStartedAt;
      } catch (error) {
        options.onError?.(error);
        throw error;
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  /** A poll that starts after the one running now (if any) has finished. */
  const nextPoll = (): Promise<void> => {
    if (!running) return poll();
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return poll();
      });
    return queued;
  };

  const timer = setInterval(() => {
    if (!stopped) poll().catch(() => undefined);
  }, options.intervalMs ?? 250);
  timer.unref();
  poll().catch(() => undefined);

  return {
    poll,
    async sync(maxStalenessMs = 0) {
      const since = now() - maxStalenessMs;
      if (lastStartedAt >= since && maxStalenessMs > 0) return;
      // A poll running now may have read the outbox before the caller's moment: wait for one
      // that starts later, unless it started within the allowed staleness.
      if (running && runningStartedAt >= since && maxStalenessMs > 0) return running;
      return nextPoll();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
      await queued?.catch(() => undefined);
    },
  };
}
