import type { ApiClientRecord, ApiClientRegistry, NewApiClient } from '../api/auth/api-client-store.js';
import type { ClientRateLimits } from '../api/auth/principal.js';
import type { SqlExecutor } from './db.js';

interface ApiClientRow {
  id: string;
  name: string;
  role: string;
  limits: ClientRateLimits | string | null;
  created_at: Date | string;
  revoked_at: Date | string | null;
}

const COLUMNS = 'id, name, role, limits, created_at, revoked_at';

function toRecord(row: ApiClientRow): ApiClientRecord & { created_at: Date } {
  const limits = typeof row.limits === 'string' ? (JSON.parse(row.limits) as ClientRateLimits) : row.limits;
  return {
    client_id: row.id,
    name: row.name,
    roles: [row.role],
    rate_limits: limits && Object.keys(limits).length > 0 ? limits : null,
    revoked_at: row.revoked_at === null ? null : new Date(row.revoked_at),
    created_at: new Date(row.created_at),
  };
}

/**
 * The `api_clients` table: API clients by key hash (the key itself is never
 * stored), for the API's key check and `phoneset clients`.
 *
 * @example
 * const clients = new SqlApiClientRepository(db);
 * await clients.create({ client_id: 'cli_1', name: 'crm', role: 'reader', key_hash, rate_limits: {} });
 * const client = await clients.findByKeyHash(key_hash);
 */
export class SqlApiClientRepository implements ApiClientRegistry {
  readonly #db: SqlExecutor;

  constructor(db: SqlExecutor) {
    this.#db = db;
  }

  async create(client: NewApiClient): Promise<void> {
    await this.#db.query(
      'INSERT INTO api_clients (id, name, role, key_hash, limits) VALUES ($1, $2, $3, $4, $5)',
      [client.client_id, client.name, client.role, client.key_hash, JSON.stringify(client.rate_limits ?? {})],
    );
  }

  async findByKeyHash(keyHash: string): Promise<ApiClientRecord | null> {
    const [row] = await this.#db.query<ApiClientRow>(
      `SELECT ${COLUMNS} FROM api_clients WHERE key_hash = $1`,
      [keyHash],
    );
    return row ? toRecord(row) : null;
  }

  async list(): Promise<Array<ApiClientRecord & { created_at: Date }>> {
    const rows = await this.#db.query<ApiClientRow>(
      `SELECT ${COLUMNS} FROM api_clients ORDER BY created_at, id`,
    );
    return rows.map(toRecord);
  }

  async revoke(clientId: string): Promise<boolean> {
    const rows = await this.#db.query<{ id: string }>(
      'UPDATE api_clients SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id',
      [clientId],
    );
    return rows.length > 0;
  }
}
