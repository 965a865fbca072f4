import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerCache } from '../../src/api/phones/customer-cache.js';
import { followOutbox, type OutboxFollower } from '../../src/api/phones/follow-outbox.js';
import { MemoryCache } from '../../src/cache/memory-cache.js';
import { BACKENDS } from '../support/services.js';
import { createTestStore, type TestStore } from '../support/store.js';

for (const backend of BACKENDS) {
  describe(`outbox follower on ${backend}`, () => {
    let t: TestStore;
    let follower: OutboxFollower | undefined;
    const cache = new MemoryCache();
    const customers = new CustomerCache(cache, { ttlMs: 60_000 });
    const cached = async (id: string) => (await cache.get(CustomerCache.key(id))) !== undefined;
    const put = (...ids: string[]) =>
      Promise.all(ids.map((id) => cache.set(CustomerCache.key(id), '[]', 60_000)));
    const event = (customer: string) => ({ topic: 'phone.changed', key: customer, payload: {} });

    beforeAll(async () => {
      t = await createTestStore(backend);
    });
    afterAll(async () => {
      await follower?.stop();
      await t?.drop();
    });

    it('sync(0) applies every change committed before it, without waiting for the background poll', async () => {
      follower = followOutbox(t.store.outbox, customers, { intervalMs: 60_000 });
      await follower.sync(0); // the starting position
      await put('S1', 'S2');
      await t.store.outbox.append([event('S1')]);
      await follower.sync(0);
      expect(await cached('S1')).toBe(false);
      expect(await cached('S2')).toBe(true);
      // Concurrent callers share polls.
      await t.store.outbox.append([event('S2')]);
      await Promise.all([follower.sync(0), follower.sync(0), follower.sync(0)]);
      expect(await cached('S2')).toBe(false);
      await follower.stop();
      follower = undefined;
    });

    it.skipIf(backend !== 'postgres')(
      'picks up an event committed after a later one was already read (an id skipped, then filled)',
      async () => {
        follower = followOutbox(t.store.outbox, customers, { intervalMs: 60_000 });
        await follower.sync(0);
        await put('LATE', 'EARLY');
        const slow = new pg.Client({ connectionString: t.url });
        await slow.connect();
        try {
          // The slow transaction takes its outbox id first and commits last.
          await slow.query('BEGIN');
          await slow.query(
            `INSERT INTO outbox_events (topic, key, payload) VALUES ('phone.changed', 'LATE', '{}'::jsonb)`,
          );
          await t.store.outbox.append([event('EARLY')]);
          await follower.sync(0);
          expect(await cached('EARLY')).toBe(false);
          expect(await cached('LATE')).toBe(true); // not committed yet: nothing to see
          await slow.query('COMMIT');
          await follower.sync(0);
          expect(await cached('LATE')).toBe(false);
        } finally {
          await slow.end();
        }
      },
    );
  });
}
