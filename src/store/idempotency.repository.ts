import type {
  IdempotencyEntry,
  IdempotencyReservation,
  IdempotencyStore,
} from '../api/phones/idempotency-store.js';
import type { KeyRing } from '../security/key-ring.js';
import type { SqlExecutor } from './db.js';

/** The encryption context of stored responses (they hold phone numbers). */
const CONTEXT = 'idempotency-response';

interface EntryRow {
  body_sha256: string;
  status: number | null;
  response: string | null;
}

/**
 * The `idempotency_keys` table (migration 0008): the API's idempotency keys and their
 * responses, encrypted, so that a retry gets the first response after a restart or on
 * another replica. The reservation is one atomic upsert, so two processes racing on one
 * key never both run the request.
 *
 * @example
 * const keys = new SqlIdempotencyRepository(db, keyring);
 * const r = await keys.reserve({ client_id: 'crm', key_sha256, body_sha256, ttlMs: 86_400_000, leaseMs: 60_000 });
 */
export class SqlIdempotencyRepository implements IdempotencyStore {
  readonly #db: SqlExecutor;
  readonly #ring: KeyRing;

  constructor(db: SqlExecutor, ring: KeyRing) {
    this.#db = db;
    this.#ring = ring;
  }

  async reserve(input: {
    client_id: string;
    key_sha256: string;
    body_sha256: string;
    ttlMs: number;
    leaseMs: number;
  }): Promise<IdempotencyReservation> {
    // A few tries: the row seen as held may be released, expire or be dropped between statements.
    for (let attempt = 0; attempt < 3; attempt++) {
      const taken = await this.#db.query<{ reserved: boolean }>(
        `INSERT INTO idempotency_keys (client_id, key_sha256, body_sha256, expires_at)
         VALUES ($1, $2, $3, now() + $4::bigint * interval '1 millisecond')
         ON CONFLICT (client_id, key_sha256) DO UPDATE
           SET body_sha256 = EXCLUDED.body_sha256, status = NULL, response = NULL, key_id = NULL,
               created_at = now(), completed_at = NULL, expires_at = EXCLUDED.expires_at
           WHERE idempotency_keys.expires_at <= now()
              OR (idempotency_keys.response IS NULL
                  AND idempotency_keys.created_at <= now() - $5::bigint * interval '1 millisecond')
         RETURNING true AS reserved`,
        [
          input.client_id,
          input.key_sha256,
          input.body_sha256,
          Math.round(input.ttlMs),
          Math.round(input.leaseMs),
        ],
      );
      if (taken.length > 0) return { reserved: true };
      const [row] = await this.#db.query<EntryRow>(
        `SELECT body_sha256, status, response FROM idempotency_keys
         WHERE client_id = $1 AND key_sha256 = $2 AND expires_at > now()`,
        [input.client_id, input.key_sha256],
      );
      if (!row) continue;
      try {
        return { reserved: false, entry: this.#entry(row) };
      } catch {
        // Stored under a data key since retired (these rows are not re-encrypted by a key
        // rotation; they live a day): the answer is unreadable, so the request runs again.
        await this.#db.query('DELETE FROM idempotency_keys WHERE client_id = $1 AND key_sha256 = $2', [
          input.client_id,
          input.key_sha256,
        ]);
      }
    }
    return { reserved: false, entry: { body_sha256: input.body_sha256, status: null, response: null } };
  }

  async complete(client_id: string, key_sha256: string, status: number, response: unknown): Promise<void> {
    await this.#db.query(
      `UPDATE idempotency_keys SET status = $3, response = $4, key_id = $5, completed_at = now()
       WHERE client_id = $1 AND key_sha256 = $2`,
      [
        client_id,
        key_sha256,
        status,
        this.#ring.encrypt(JSON.stringify(response), CONTEXT),
        this.#ring.activeKeyId,
      ],
    );
  }

  async release(client_id: string, key_sha256: string): Promise<void> {
    await this.#db.query(
      'DELETE FROM idempotency_keys WHERE client_id = $1 AND key_sha256 = $2 AND response IS NULL',
      [client_id, key_sha256],
    );
  }

  async purgeExpired(): Promise<number> {
    const rows = await this.#db.query('DELETE FROM idempotency_keys WHERE expires_at <= now() RETURNING 1');
    return rows.length;
  }

  #entry(row: EntryRow): IdempotencyEntry {
    return {
      body_sha256: row.body_sha256,
      status: row.status === null ? null : Number(row.status),
      response: row.response === null ? null : JSON.parse(this.#ring.decrypt(row.response, CONTEXT)),
    };
  }
}
