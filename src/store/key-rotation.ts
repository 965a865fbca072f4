import type { KeyRing } from '../security/key-ring.js';
import type { Db, SqlExecutor } from './db.js';
import { PHONE_CONTEXT } from './phone-row.js';
import { openJson, sealJson } from './sensitive-json.js';

/**
 * Every place the store keeps ciphertext. `keyExpr` yields the key id a row was
 * written under; `id` is a unique, ordered column used as the keyset cursor.
 */
interface EncryptedColumn {
  table: string;
  id: string;
  /** `bigint` ids are compared numerically, `bytea` (blind index) as bytes. */
  idType: 'bigint' | 'bytea';
  keyExpr: string;
  columns: { name: string; kind: 'envelope' | 'json'; context?: string }[];
  /** Column recording the key id, updated with the values (json tables). */
  keyIdColumn?: string;
}

const ENCRYPTED: readonly EncryptedColumn[] = [
  {
    table: 'customer_phones',
    id: 'phone_id',
    idType: 'bigint',
    keyExpr: "split_part(phone_number, ':', 2)",
    columns: [{ name: 'phone_number', kind: 'envelope', context: PHONE_CONTEXT }],
  },
  {
    table: 'blacklist',
    id: 'phone_hash',
    idType: 'bytea',
    keyExpr: "split_part(phone_number, ':', 2)",
    columns: [{ name: 'phone_number', kind: 'envelope', context: PHONE_CONTEXT }],
  },
  {
    table: 'rejected_records',
    id: 'reject_id',
    idType: 'bigint',
    keyExpr: "split_part(raw_values, ':', 2)",
    columns: [{ name: 'raw_values', kind: 'envelope', context: 'reject' }],
  },
  {
    table: 'phone_audit_trail',
    id: 'audit_id',
    idType: 'bigint',
    keyExpr: "coalesce(key_id, '')",
    columns: [
      { name: 'old_values', kind: 'json' },
      { name: 'new_values', kind: 'json' },
    ],
    keyIdColumn: 'key_id',
  },
  {
    table: 'outbox_events',
    id: 'id',
    idType: 'bigint',
    keyExpr: "coalesce(key_id, '')",
    columns: [{ name: 'payload', kind: 'json' }],
    keyIdColumn: 'key_id',
  },
];

/** How many stored values each key protects, per table. */
export interface KeyUsage {
  table: string;
  key_id: string;
  rows: number;
}

/**
 * Counts rows per table and data key (for `phoneset keys status`).
 *
 * @example
 * await keyUsage(db); // [{ table: 'customer_phones', key_id: 'k20261128', rows: 1200 }, …]
 */
export async function keyUsage(db: SqlExecutor): Promise<KeyUsage[]> {
  const out: KeyUsage[] = [];
  for (const t of ENCRYPTED) {
    const rows = await db.query<{ key_id: string; rows: number }>(
      `SELECT ${t.keyExpr} AS key_id, count(*)::int AS rows FROM ${t.table} GROUP BY 1 ORDER BY 1`,
    );
    for (const r of rows) out.push({ table: t.table, key_id: r.key_id, rows: r.rows });
  }
  return out;
}

export interface RotateOptions {
  /** Rows re-encrypted and committed per transaction. Default 1000. */
  batchSize?: number;
  /** Called after each committed batch with the running totals. */
  onProgress?: (done: number, total: number, table: string) => void;
}

export interface RotateResult {
  /** Rows re-encrypted by this run. */
  rotated: number;
  /** Rows still under another key (0 after a complete run). */
  remaining: number;
}

/**
 * Re-encrypts every stored value that is not under the key ring's active key,
 * table by table, in batches each committed in its own transaction. Safe to
 * interrupt at any point: a committed batch is done, an uncommitted one is
 * rolled back, and the next run picks up whatever is still under an old key.
 *
 * @example
 * const { rotated } = await rotateKeys(db, keyring, { batchSize: 5000, onProgress: bar.update });
 */
export async function rotateKeys(db: Db, ring: KeyRing, options: RotateOptions = {}): Promise<RotateResult> {
  const batchSize = options.batchSize ?? 1000;
  const active = ring.activeKeyId;
  let total = 0;
  for (const t of ENCRYPTED) {
    const [row] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${t.table} WHERE ${t.keyExpr} <> $1`,
      [active],
    );
    total += row?.n ?? 0;
  }
  let done = 0;
  for (const t of ENCRYPTED) {
    const idOut = t.idType === 'bigint' ? `${t.id}::text` : `encode(${t.id}, 'hex')`;
    const idIn = t.idType === 'bigint' ? '$v::bigint' : "decode($v, 'hex')";
    let after: string = t.idType === 'bigint' ? '0' : '';
    for (;;) {
      const count = await db.transaction(async (tx) => {
        const rows = await tx.query<Record<string, unknown> & { id: string }>(
          `SELECT ${idOut} AS id, ${t.columns.map((c) => c.name).join(', ')} FROM ${t.table}
           WHERE ${t.keyExpr} <> $1 AND ${t.id} > ${idIn.replace('$v', '$2')}
           ORDER BY ${t.table}.${t.id} LIMIT $3::int FOR UPDATE`,
          [active, after, batchSize],
        );
        if (rows.length === 0) return 0;
        const params: unknown[][] = [rows.map((r) => r.id)];
        for (const c of t.columns) {
          params.push(
            rows.map((r) => {
              const value = r[c.name];
              if (value === null || value === undefined) return null;
              if (c.kind === 'envelope')
                return ring.encrypt(ring.decrypt(String(value), c.context), c.context);
              return JSON.stringify(sealJson(openJson(value, ring), ring));
            }),
          );
        }
        const sets = t.columns.map((c, i) => `${c.name} = u.c${i + 1}${c.kind === 'json' ? '::json' : ''}`);
        if (t.keyIdColumn) sets.push(`${t.keyIdColumn} = $${params.length + 1}`);
        await tx.query(
          `UPDATE ${t.table} SET ${sets.join(', ')}
           FROM unnest($1::text[], ${t.columns.map((_, i) => `$${i + 2}::text[]`).join(', ')})
             AS u(c0, ${t.columns.map((_, i) => `c${i + 1}`).join(', ')})
           WHERE ${t.table}.${t.id} = ${idIn.replace('$v', 'u.c0')}`,
          t.keyIdColumn ? [...params, active] : params,
        );
        after = (rows[rows.length - 1] as { id: string }).id;
        return rows.length;
      });
      if (count === 0) break;
      done += count;
      options.onProgress?.(done, total, t.table);
      if (count < batchSize) break;
    }
  }
  let remaining = 0;
  for (const t of ENCRYPTED) {
    const [row] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${t.table} WHERE ${t.keyExpr} <> $1`,
      [active],
    );
    remaining += row?.n ?? 0;
  }
  return { rotated: done, remaining };
}
