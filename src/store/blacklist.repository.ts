import type { KeyRing } from '../security/key-ring.js';
import { bulkInsertSql } from './bulk-insert.sql.js';
import type { SqlExecutor } from './db.js';
import { PHONE_CONTEXT } from './phone-row.js';

/** A number that must never enter the registry. */
export interface BlacklistEntry {
  /** E.164. */
  phone_number: string;
  reason: string;
  added_by: string;
  added_at: Date;
}

/**
 * The blacklist, keyed by blind index: lookups never decrypt.
 *
 * @example
 * await store.blacklist.add([{ phone_number: '+573001111111', reason: 'fraud', added_by: 'ops' }]);
 * const hits = await store.blacklist.has(['+573001111111', '+573002222222']); // Set { '+573001111111' }
 */
export interface BlacklistRepository {
  /** Adds numbers (already listed ones keep their first reason); returns how many were new. */
  add(entries: readonly Omit<BlacklistEntry, 'added_at'>[]): Promise<number>;
  /** Removes numbers; returns how many were listed. */
  remove(phone_numbers: readonly string[]): Promise<number>;
  /** Which of these numbers are listed, in one query. */
  has(phone_numbers: readonly string[]): Promise<Set<string>>;
  list(): AsyncIterable<BlacklistEntry>;
  count(): Promise<number>;
}

/**
 * The PostgreSQL/PGlite implementation of `BlacklistRepository`.
 *
 * @example
 * const blacklist = new SqlBlacklistRepository(db, keyring);
 */
export class SqlBlacklistRepository implements BlacklistRepository {
  readonly #db: SqlExecutor;
  readonly #ring: KeyRing;

  constructor(db: SqlExecutor, ring: KeyRing) {
    this.#db = db;
    this.#ring = ring;
  }

  #hex(phone_number: string): string {
    return this.#ring.blindIndex(phone_number).toString('hex');
  }

  async add(entries: readonly Omit<BlacklistEntry, 'added_at'>[]): Promise<number> {
    if (entries.length === 0) return 0;
    // One row per number even when the input repeats one (ON CONFLICT cannot touch a row twice).
    const first = new Map<string, Omit<BlacklistEntry, 'added_at'>>();
    for (const e of entries) if (!first.has(e.phone_number)) first.set(e.phone_number, e);
    const unique = [...first.values()];
    const { sql, params } = bulkInsertSql(
      'blacklist',
      [
        {
          name: 'phone_hash',
          type: 'text',
          expr: "decode($v, 'hex')",
          value: (e) => this.#hex(e.phone_number),
        },
        {
          name: 'phone_number',
          type: 'text',
          value: (e: Omit<BlacklistEntry, 'added_at'>) => this.#ring.encrypt(e.phone_number, PHONE_CONTEXT),
        },
        { name: 'reason', type: 'text', value: (e) => e.reason },
        { name: 'added_by', type: 'text', value: (e) => e.added_by },
      ],
      unique,
      'ON CONFLICT (phone_hash) DO NOTHING RETURNING 1',
    );
    return (await this.#db.query(sql, params)).length;
  }

  async remove(phone_numbers: readonly string[]): Promise<number> {
    if (phone_numbers.length === 0) return 0;
    const rows = await this.#db.query(
      `DELETE FROM blacklist WHERE phone_hash IN (SELECT decode(h, 'hex') FROM unnest($1::text[]) AS h) RETURNING 1`,
      [phone_numbers.map((p) => this.#hex(p))],
    );
    return rows.length;
  }

  async has(phone_numbers: readonly string[]): Promise<Set<string>> {
    if (phone_numbers.length === 0) return new Set();
    const byHex = new Map(phone_numbers.map((p) => [this.#hex(p), p]));
    const rows = await this.#db.query<{ h: string }>(
      `SELECT encode(phone_hash, 'hex') AS h FROM blacklist
       WHERE phone_hash IN (SELECT decode(h, 'hex') FROM unnest($1::text[]) AS h)`,
      [[...byHex.keys()]],
    );
    return new Set(rows.map((r) => byHex.get(r.h) as string));
  }

  async *list(): AsyncIterable<BlacklistEntry> {
    let after = '';
    for (;;) {
      const rows = await this.#db.query<{
        h: string;
        phone_number: string;
        reason: string;
        added_by: string;
        added_at: Date;
      }>(
        `SELECT encode(phone_hash, 'hex') AS h, phone_number, reason, added_by, added_at FROM blacklist
         WHERE phone_hash > decode($1, 'hex') ORDER BY blacklist.phone_hash LIMIT 1000`,
        [after],
      );
      for (const r of rows) {
        yield {
          phone_number: this.#ring.decrypt(r.phone_number, PHONE_CONTEXT),
          reason: r.reason,
          added_by: r.added_by,
          added_at: new Date(r.added_at),
        };
      }
      if (rows.length < 1000) return;
      after = rows[rows.length - 1]?.h ?? after;
    }
  }

  async count(): Promise<number> {
    const [row] = await this.#db.query<{ n: number }>('SELECT count(*)::int AS n FROM blacklist');
    return row?.n ?? 0;
  }
}
