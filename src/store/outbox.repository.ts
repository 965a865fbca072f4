import type { KeyRing } from '../security/key-ring.js';
import { type CopySpec, copyIn, copyPayload } from './bulk-insert.sql.js';
import type { SqlExecutor } from './db.js';
import { openJson, SealMemo, sealJsonText } from './sensitive-json.js';

/** An event to publish, written in the same transaction as the change it describes. */
export interface OutboxEventInput {
  topic: string;
  /** Partition key (the customer id), so consumers see one customer's events in order. */
  key?: string | null;
  payload: Record<string, unknown>;
}

/** A stored event, payload decrypted. `id` increases with commit order of the writer. */
export interface OutboxEvent {
  id: string;
  topic: string;
  key: string | null;
  payload: Record<string, unknown>;
  created_at: Date;
}

/**
 * The embedded event log: an outbox table read by offset, and consumer offsets.
 *
 * @example
 * const events = await store.outbox.readAfter(await store.outbox.getOffset('feed'), { limit: 500 });
 * await store.outbox.commitOffset('feed', events.at(-1).id);
 */
export interface OutboxRepository {
  append(events: readonly OutboxEventInput[]): Promise<number>;
  /** Events with id > afterId, in id order. */
  readAfter(afterId: string, options?: { limit?: number; topic?: string }): Promise<OutboxEvent[]>;
  /** Highest event id, '0' when empty. */
  lastId(): Promise<string>;
  getOffset(consumer: string): Promise<string>;
  commitOffset(consumer: string, lastId: string): Promise<void>;
}

/** Multi-row INSERT of events, sealing phone numbers in their payloads. */
export async function insertOutbox(
  tx: SqlExecutor,
  ring: KeyRing,
  events: readonly OutboxEventInput[],
  memo?: SealMemo,
): Promise<number> {
  return copyIn(tx, copyPayload(outboxCopy(ring, events, memo)));
}

/** The COPY rows of outbox events (payloads sealed), for `insertOutbox` or a prepared change set. */
export function outboxCopy(
  ring: KeyRing,
  events: readonly OutboxEventInput[],
  memo?: SealMemo,
): CopySpec<OutboxEventInput> {
  const sealed = memo ?? new SealMemo();
  return {
    table: 'outbox_events',
    columns: [
      { name: 'topic', type: 'text', value: (e: OutboxEventInput) => e.topic },
      { name: 'key', type: 'text', value: (e) => e.key },
      {
        name: 'payload',
        type: 'json',
        value: (e) => sealJsonText(e.payload, ring, sealed),
      },
      { name: 'key_id', type: 'text', value: () => ring.activeKeyId },
    ],
    rows: events,
  };
}

/**
 * The PostgreSQL/PGlite implementation of `OutboxRepository`.
 *
 * @example
 * const outbox = new SqlOutboxRepository(db, keyring);
 */
export class SqlOutboxRepository implements OutboxRepository {
  readonly #db: SqlExecutor;
  readonly #ring: KeyRing;

  constructor(db: SqlExecutor, ring: KeyRing) {
    this.#db = db;
    this.#ring = ring;
  }

  append(events: readonly OutboxEventInput[]): Promise<number> {
    return insertOutbox(this.#db, this.#ring, events);
  }

  async readAfter(afterId: string, options: { limit?: number; topic?: string } = {}): Promise<OutboxEvent[]> {
    const rows = await this.#db.query<OutboxEvent>(
      `SELECT id::text AS id, topic, key, payload, created_at FROM outbox_events
       WHERE id > $1::bigint AND ($2::text IS NULL OR topic = $2)
       ORDER BY outbox_events.id LIMIT $3::int`,
      [afterId, options.topic ?? null, options.limit ?? 1000],
    );
    return rows.map((r) => ({
      ...r,
      payload: openJson(r.payload, this.#ring) as Record<string, unknown>,
      created_at: new Date(r.created_at),
    }));
  }

  async lastId(): Promise<string> {
    const [row] = await this.#db.query<{ id: string }>(
      'SELECT COALESCE(max(id), 0)::text AS id FROM outbox_events',
    );
    return row?.id ?? '0';
  }

  async getOffset(consumer: string): Promise<string> {
    const [row] = await this.#db.query<{ id: string }>(
      'SELECT last_id::text AS id FROM consumer_offsets WHERE consumer = $1',
      [consumer],
    );
    return row?.id ?? '0';
  }

  async commitOffset(consumer: string, lastId: string): Promise<void> {
    await this.#db.query(
      `INSERT INTO consumer_offsets (consumer, last_id) VALUES ($1, $2::bigint)
       ON CONFLICT (consumer) DO UPDATE SET last_id = EXCLUDED.last_id, updated_at = now()`,
      [consumer, lastId],
    );
  }
}
