import type { Cache } from '../../cache/cache.js';
import type { PhoneRecord } from '../../core/registry/phone-record.js';

/** Optional protection of cached values (the records hold phone numbers): encrypt before they leave the process. */
export interface ValueSealer {
  seal(text: string): string;
  open(text: string): string;
}

const DATE_FIELDS = ['created_at', 'updated_at', 'deleted_at'] as const;

/**
 * A customer's live registry records, cached by customer id in the shared
 * `Cache` (in-process or Redis) and dropped on every change to that customer.
 *
 * @example
 * const customers = new CustomerCache(cache, { ttlMs: 60_000 });
 * const records = await customers.get('C1', () => store.phones.listByCustomer('C1'));
 * await customers.invalidate(['C1']);
 */
export interface CustomerCacheOptions {
  ttlMs: number;
  sealer?: ValueSealer | undefined;
  /**
   * Runs before a cached entry is served, to apply the changes other processes made first
   * (the outbox follower's `sync`): a hit is then as fresh as a database read. Without it,
   * entries live until invalidated in this process or until their TTL.
   */
  freshness?: (() => Promise<void>) | undefined;
}

export class CustomerCache {
  readonly #cache: Cache;
  readonly #ttlMs: number;
  readonly #sealer: ValueSealer | undefined;
  #freshness: (() => Promise<void>) | undefined;
  /** Bumped by every invalidation: a load that overlapped one is not cached (it may predate the change). */
  #generation = 0;

  constructor(cache: Cache, options: CustomerCacheOptions) {
    this.#cache = cache;
    this.#ttlMs = options.ttlMs;
    this.#sealer = options.sealer;
    this.#freshness = options.freshness;
  }

  /** Sets the freshness check once its source (the outbox follower) exists. */
  setFreshness(freshness: (() => Promise<void>) | undefined): void {
    this.#freshness = freshness;
  }

  static key(customerId: string): string {
    return `customer:${customerId}`;
  }

  /** The cached records of a customer, or `load()`'s, which are then cached. */
  async get(customerId: string, load: () => Promise<PhoneRecord[]>): Promise<PhoneRecord[]> {
    const key = CustomerCache.key(customerId);
    let cached = await this.#read(key);
    if (cached !== undefined && this.#freshness) {
      // A hit: apply the changes committed elsewhere first, then look again.
      try {
        await this.#freshness();
        cached = await this.#read(key);
      } catch {
        cached = undefined; // freshness unknown: read the database
      }
    }
    if (cached !== undefined) {
      try {
        return this.#decode(cached);
      } catch {
        // An entry sealed with a retired key or written by another version: reload.
      }
    }
    const generation = this.#generation;
    const records = await load();
    if (generation === this.#generation) {
      await this.#cache.set(key, this.#encode(records), this.#ttlMs).catch(() => undefined);
    }
    return records;
  }

  /** Drops the cached records of these customers (after any change to them, from any path). */
  async invalidate(customerIds: Iterable<string>): Promise<void> {
    const keys = [...new Set(customerIds)].map((id) => CustomerCache.key(id));
    if (keys.length === 0) return;
    this.#generation++;
    await this.#cache.delete(...keys);
  }

  async #read(key: string): Promise<string | undefined> {
    try {
      return await this.#cache.get(key);
    } catch {
      return undefined; // a cache outage only costs a database read
    }
  }

  #encode(records: PhoneRecord[]): string {
    const text = JSON.stringify(records);
    return this.#sealer ? this.#sealer.seal(text) : text;
  }

  #decode(value: string): PhoneRecord[] {
    const text = this.#sealer ? this.#sealer.open(value) : value;
    const records = JSON.parse(text) as Array<Record<string, unknown>>;
    for (const record of records) {
      for (const field of DATE_FIELDS) {
        const v = record[field];
        if (typeof v === 'string') record[field] = new Date(v);
      }
    }
    return records as unknown as PhoneRecord[];
  }
}
