import type { KeyRing } from '../security/key-ring.js';
import { type CopySpec, copyIn, copyPayload } from './bulk-insert.sql.js';
import type { SqlExecutor } from './db.js';
import { openJson, SealMemo, sealJsonText } from './sensitive-json.js';

export const AUDIT_OPERATIONS = [
  'INSERT',
  'UPDATE',
  'DELETE',
  'MERGE',
  'UNMERGE',
  'ERASE',
  'READ',
  'EXPORT',
] as const;
export type AuditOperation = (typeof AUDIT_OPERATIONS)[number];

/** One audit row to write. Phone numbers inside the values are encrypted by the store. */
export interface AuditEntry {
  /** The record concerned; null for operations over many records (EXPORT). */
  phone_id: string | null;
  customer_id: string | null;
  operation: AuditOperation;
  old_values: Record<string, unknown> | null;
  new_values: Record<string, unknown> | null;
  /** Who: a user, an API client id, or `import`, `dedupe`, … */
  changed_by: string;
  change_reason?: string | null;
  batch_id?: string | null;
  request_id?: string | null;
  changed_at?: Date;
}

/** An audit row as read back, decrypted. */
export interface AuditRecord extends Required<Omit<AuditEntry, 'changed_at'>> {
  audit_id: string;
  changed_at: Date;
}

/**
 * The audit trail: append-only.
 *
 * @example
 * await store.audit.append([{ phone_id: null, customer_id: null, operation: 'EXPORT', old_values: null,
 *   new_values: { filters, count }, changed_by: 'cli' }]);
 */
export interface AuditRepository {
  append(entries: readonly AuditEntry[]): Promise<number>;
  listByPhone(phone_id: string, options?: { limit?: number }): Promise<AuditRecord[]>;
  listByCustomer(customer_id: string, options?: { limit?: number }): Promise<AuditRecord[]>;
  listByBatch(batch_id: string, options?: { limit?: number; afterId?: string }): Promise<AuditRecord[]>;
}

const COLUMNS = `audit_id::text AS audit_id, phone_id::text AS phone_id, customer_id, operation, old_values,
  new_values, changed_by, change_reason, batch_id, request_id, changed_at`;

/** Multi-row INSERT of audit entries, sealing phone numbers in their values. */
export async function insertAudits(
  tx: SqlExecutor,
  ring: KeyRing,
  entries: readonly AuditEntry[],
  memo?: SealMemo,
): Promise<number> {
  return copyIn(tx, copyPayload(auditCopy(ring, entries, memo)));
}

/** The COPY rows of audit rows (values sealed), for `insertAudits` or a prepared change set. */
export function auditCopy(
  ring: KeyRing,
  entries: readonly AuditEntry[],
  memo?: SealMemo,
): CopySpec<AuditEntry> {
  const now = new Date();
  const sealed = memo ?? new SealMemo();
  return {
    table: 'phone_audit_trail',
    columns: [
      { name: 'phone_id', type: 'bigint', value: (e: AuditEntry) => e.phone_id },
      { name: 'customer_id', type: 'text', value: (e) => e.customer_id },
      { name: 'operation', type: 'text', value: (e) => e.operation },
      { name: 'old_values', type: 'json', value: (e) => seal(e.old_values, ring, sealed) },
      { name: 'new_values', type: 'json', value: (e) => seal(e.new_values, ring, sealed) },
      { name: 'key_id', type: 'text', value: () => ring.activeKeyId },
      { name: 'changed_by', type: 'text', value: (e) => e.changed_by },
      { name: 'change_reason', type: 'text', value: (e) => e.change_reason },
      { name: 'batch_id', type: 'text', value: (e) => e.batch_id },
      { name: 'request_id', type: 'text', value: (e) => e.request_id },
      {
        name: 'changed_at',
        type: 'timestamptz',
        value: (e) => e.changed_at ?? now,
      },
    ],
    rows: entries,
  };
}

/** The sealed values as JSON text (`null` for none), the way the COPY column takes them. */
function seal(values: Record<string, unknown> | null, ring: KeyRing, memo: SealMemo): string | null {
  return values === null ? null : sealJsonText(values, ring, memo);
}

/**
 * The PostgreSQL/PGlite implementation of `AuditRepository`.
 *
 * @example
 * const audit = new SqlAuditRepository(db, keyring);
 */
export class SqlAuditRepository implements AuditRepository {
  readonly #db: SqlExecutor;
  readonly #ring: KeyRing;

  constructor(db: SqlExecutor, ring: KeyRing) {
    this.#db = db;
    this.#ring = ring;
  }

  append(entries: readonly AuditEntry[]): Promise<number> {
    return insertAudits(this.#db, this.#ring, entries);
  }

  listByPhone(phone_id: string, options: { limit?: number } = {}): Promise<AuditRecord[]> {
    return this.#list('phone_id = $1::bigint', [phone_id], options.limit);
  }

  listByCustomer(customer_id: string, options: { limit?: number } = {}): Promise<AuditRecord[]> {
    return this.#list('customer_id = $1', [customer_id], options.limit);
  }

  listByBatch(batch_id: string, options: { limit?: number; afterId?: string } = {}): Promise<AuditRecord[]> {
    return this.#list(
      'batch_id = $1 AND audit_id > $2::bigint',
      [batch_id, options.afterId ?? '0'],
      options.limit,
    );
  }

  async #list(where: string, params: unknown[], limit = 1000): Promise<AuditRecord[]> {
    const rows = await this.#db.query<AuditRecord>(
      `SELECT ${COLUMNS} FROM phone_audit_trail WHERE ${where} ORDER BY phone_audit_trail.audit_id LIMIT ${Math.max(1, Math.floor(limit))}`,
      params,
    );
    return rows.map((r) => ({
      ...r,
      old_values: r.old_values && (openJson(r.old_values, this.#ring) as Record<string, unknown>),
      new_values: r.new_values && (openJson(r.new_values, this.#ring) as Record<string, unknown>),
      changed_at: new Date(r.changed_at),
    }));
  }
}
