import type { DedupeConfig } from '../core/dedupe/dedupe-config.js';
import type { MatchModel } from '../core/dedupe/match-model.js';
import { PhonesetError } from '../core/errors.js';
import type { PhoneRecord } from '../core/registry/phone-record.js';
import type { KeyRing } from '../security/key-ring.js';
import { type AuditEntry, insertAudits } from './audit.repository.js';
import { bulkInsert } from './bulk-insert.sql.js';
import type { Db, SqlExecutor } from './db.js';
import { insertOutbox, type OutboxEventInput } from './outbox.repository.js';
import { readPhonesById, updatePhones } from './phone.repository.js';
import { PHONE_COLUMNS, type PhoneRow, rowToRecord } from './phone-row.js';
import { selectJson } from './select-json.sql.js';
import { openJson, SealMemo, sealJson } from './sensitive-json.js';

/** A trained model as stored, with the version that merge sets and explanations name. */
export interface StoredModel {
  version: string;
  model: MatchModel;
  config: DedupeConfig;
  created_by: string;
  created_at: Date;
}

/** One record a merge set changes: its whole state before and after. */
export interface MergeMemberInput {
  phone_id: string;
  master_id: string;
  /** Strongest link into its cluster; null for the master itself. */
  probability: number | null;
  before: PhoneRecord;
  after: PhoneRecord;
}

export type MergeKind = 'batch' | 'review' | 'online';

/** Everything one merge decision writes, atomically. */
export interface MergeSetInput {
  kind: MergeKind;
  model_version: string | null;
  actor: string;
  groups: number;
  /** Records merged into a master (members beyond masters). */
  merged_records: number;
  members: readonly MergeMemberInput[];
  /** MERGE audit rows; the store sets `batch_id` to `merge-<id>`. */
  audits: readonly AuditEntry[];
  /** Events; the store adds `merge_id` to each payload. */
  outbox: readonly OutboxEventInput[];
  /** Runs inside the same transaction once the merge id is known (a review decision). */
  also?: (tx: SqlExecutor, mergeId: string) => Promise<void>;
}

export interface MergeSetRecord {
  merge_id: string;
  kind: MergeKind;
  model_version: string | null;
  status: 'applied' | 'undone';
  groups: number;
  merged_records: number;
  created_by: string;
  created_at: Date;
  undone_by: string | null;
  undone_at: Date | null;
}

/** A member of a stored merge set, images decrypted. */
export interface MergeMemberRecord extends MergeMemberInput {
  merge_id: string;
}

/** What undoing a merge set writes besides restoring the before-images (planned by the caller). */
export interface UndoPlan {
  audits: readonly AuditEntry[];
  outbox: readonly OutboxEventInput[];
}

/**
 * Models, merge sets and their before/after images. Writes are transactional: a merge
 * set's registry updates, images, audit rows and events commit together or not at all.
 *
 * @example
 * const version = await store.merges.saveModel(model, config, 'ana');
 * const mergeId = await store.merges.apply({ kind: 'batch', model_version: version, … });
 */
export interface MergeRepository {
  saveModel(model: MatchModel, config: DedupeConfig, actor: string): Promise<string>;
  latestModel(): Promise<StoredModel | undefined>;
  /** Records by id (any state), in one query. */
  getMany(phoneIds: readonly string[]): Promise<PhoneRecord[]>;
  /** Masters that have records merged into them: master id → merged record count. */
  mastersWithMembers(customerIds?: readonly string[]): Promise<Map<string, number>>;
  /** Live records merged into any of these masters. */
  followers(masterIds: readonly string[]): Promise<PhoneRecord[]>;
  /** phone id → the source_record_ids of its lineage rows. */
  sourceRecordIds(phoneIds: readonly string[]): Promise<Map<string, string[]>>;
  /** Writes a merge set; refuses (STORE_CONFLICT) when a record no longer matches its before-image. */
  apply(set: MergeSetInput): Promise<string>;
  get(mergeId: string): Promise<MergeSetRecord | undefined>;
  list(options?: { limit?: number }): Promise<MergeSetRecord[]>;
  members(mergeId: string): Promise<MergeMemberRecord[]>;
  /**
   * Restores every member's before-image, in one transaction with the audit rows and events
   * that `plan` returns; refuses (DEDUPE_UNDO_CONFLICT) when a record changed after the merge.
   */
  undo(
    mergeId: string,
    actor: string,
    plan: (members: readonly MergeMemberRecord[]) => UndoPlan,
  ): Promise<MergeMemberRecord[]>;
}

const CHUNK = 5000;
const SET_COLUMNS = `merge_id::text AS merge_id, kind, model_version::text AS model_version, status, groups,
  merged_records, created_by, created_at, undone_by, undone_at`;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The record as canonical JSON (fixed key order, ISO dates): equality of two states. */
function canonical(r: PhoneRecord): string {
  return JSON.stringify([
    r.phone_id,
    r.customer_id,
    r.phone_number,
    r.phone_type,
    r.country_code,
    r.carrier,
    r.region,
    r.timezone,
    r.is_valid,
    r.is_primary,
    r.is_verified,
    r.verification_method,
    r.confidence_score,
    r.source_system,
    r.sources,
    r.times_seen,
    r.issues,
    r.merged_into,
    r.created_at.toISOString(),
    r.updated_at.toISOString(),
    r.deleted_at?.toISOString() ?? null,
  ]);
}

function recordFromJson(value: Record<string, unknown>): PhoneRecord {
  const v = value as unknown as PhoneRecord & {
    created_at: string;
    updated_at: string;
    deleted_at: string | null;
  };
  return {
    ...v,
    created_at: new Date(v.created_at),
    updated_at: new Date(v.updated_at),
    deleted_at: v.deleted_at ? new Date(v.deleted_at) : null,
  };
}

function setFromRow(r: MergeSetRecord): MergeSetRecord {
  return {
    ...r,
    created_at: new Date(r.created_at),
    undone_at: r.undone_at ? new Date(r.undone_at) : null,
  };
}

/**
 * The PostgreSQL/PGlite implementation of `MergeRepository`.
 *
 * @example
 * const merges = new SqlMergeRepository(db, keyring);
 */
export class SqlMergeRepository implements MergeRepository {
  readonly #db: Db;
  readonly #ring: KeyRing;

  constructor(db: Db, ring: KeyRing) {
    this.#db = db;
    this.#ring = ring;
  }

  async saveModel(model: MatchModel, config: DedupeConfig, actor: string): Promise<string> {
    const [row] = await this.#db.query<{ v: string }>(
      `INSERT INTO match_models (model, config, trained_pairs, labelled_pairs, created_by)
       VALUES ($1::jsonb, $2::jsonb, $3, $4, $5) RETURNING model_version::text AS v`,
      [JSON.stringify(model), JSON.stringify(config), model.trainedPairs, model.labelledPairs, actor],
    );
    return (row as { v: string }).v;
  }

  async latestModel(): Promise<StoredModel | undefined> {
    const [row] = await this.#db.query<{
      version: string;
      model: MatchModel | string;
      config: DedupeConfig | string;
      created_by: string;
      created_at: string;
    }>(
      `SELECT model_version::text AS version, model, config, created_by, created_at
       FROM match_models ORDER BY model_version DESC LIMIT 1`,
    );
    if (!row) return undefined;
    const parse = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
    return {
      version: row.version,
      model: parse(row.model),
      config: parse(row.config),
      created_by: row.created_by,
      created_at: new Date(row.created_at),
    };
  }

  async getMany(phoneIds: readonly string[]): Promise<PhoneRecord[]> {
    const byId = await readPhonesById(this.#db, this.#ring, phoneIds);
    return [...byId.values()].sort((a, b) => Number(a.phone_id) - Number(b.phone_id));
  }

  async mastersWithMembers(customerIds?: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.#db.query<{ id: string; n: number }>(
      `SELECT merged_into::text AS id, count(*)::int AS n FROM customer_phones
       WHERE merged_into IS NOT NULL AND deleted_at IS NULL
         AND ($1::text[] IS NULL OR customer_id = ANY($1::text[]))
       GROUP BY merged_into`,
      [customerIds ? [...customerIds] : null],
    );
    return new Map(rows.map((r) => [r.id, r.n]));
  }

  async followers(masterIds: readonly string[]): Promise<PhoneRecord[]> {
    const out: PhoneRecord[] = [];
    for (const part of chunks(masterIds)) {
      const rows = await selectJson<PhoneRow>(
        this.#db,
        `SELECT ${PHONE_COLUMNS} FROM customer_phones WHERE merged_into = ANY($1::bigint[]) AND deleted_at IS NULL`,
        [part],
        't.phone_id::bigint',
      );
      for (const row of rows) out.push(rowToRecord(row, this.#ring));
    }
    return out;
  }

  async sourceRecordIds(phoneIds: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const part of chunks(phoneIds)) {
      const rows = await this.#db.query<{ id: string; s: string[] }>(
        `SELECT phone_id::text AS id, array_agg(source_record_id ORDER BY lineage_id) AS s
         FROM phone_lineage WHERE phone_id = ANY($1::bigint[]) AND source_record_id IS NOT NULL
         GROUP BY phone_id`,
        [part],
      );
      for (const r of rows) out.set(r.id, r.s);
    }
    return out;
  }

  apply(set: MergeSetInput): Promise<string> {
    return this.#db.transaction(async (tx) => {
      const current = await readPhonesById(
        tx,
        this.#ring,
        set.members.map((m) => m.phone_id),
        { forUpdate: true },
      );
      const stale = set.members
        .filter((m) => {
          const now = current.get(m.phone_id);
          return !now || canonical(now) !== canonical(m.before);
        })
        .map((m) => m.phone_id);
      if (stale.length > 0) {
        throw new PhonesetError('STORE_CONFLICT', {
          table: 'customer_phones',
          detail: `records ${stale.slice(0, 10).join(', ')} changed since they were read for merging (run dedupe again)`,
        });
      }
      const [row] = await tx.query<{ id: string }>(
        `INSERT INTO merge_sets (kind, model_version, groups, merged_records, created_by)
         VALUES ($1, $2::bigint, $3, $4, $5) RETURNING merge_id::text AS id`,
        [set.kind, set.model_version, set.groups, set.merged_records, set.actor],
      );
      const mergeId = (row as { id: string }).id;
      // One envelope per distinct value across the images, audit rows and events of the set.
      const memo = new SealMemo();
      const seal = (r: PhoneRecord): unknown => sealJson(r, this.#ring, memo);
      for (const part of chunks(set.members)) {
        await bulkInsert(
          tx,
          'merge_members',
          [
            { name: 'merge_id', type: 'bigint', value: () => mergeId },
            { name: 'phone_id', type: 'bigint', value: (m: MergeMemberInput) => m.phone_id },
            { name: 'master_id', type: 'bigint', value: (m) => m.master_id },
            { name: 'probability', type: 'double precision', value: (m) => m.probability },
            { name: 'before_image', type: 'json', value: (m) => seal(m.before) },
            { name: 'after_image', type: 'json', value: (m) => seal(m.after) },
          ],
          part,
        );
      }
      // One UPDATE for the whole set: each one joins the registry, so per-slice UPDATEs
      // would walk it once per slice.
      await updatePhones(
        tx,
        this.#ring,
        set.members.map((m) => m.after),
      );
      const batchId = `merge-${mergeId}`;
      for (const part of chunks(set.audits)) {
        await insertAudits(
          tx,
          this.#ring,
          part.map((a) => ({ ...a, batch_id: batchId })),
          memo,
        );
      }
      for (const part of chunks(set.outbox)) {
        await insertOutbox(
          tx,
          this.#ring,
          part.map((e) => ({ ...e, payload: { ...e.payload, merge_id: mergeId } })),
          memo,
        );
      }
      await set.also?.(tx, mergeId);
      return mergeId;
    });
  }

  async get(mergeId: string): Promise<MergeSetRecord | undefined> {
    if (!/^\d{1,18}$/.test(mergeId)) return undefined;
    const [row] = await this.#db.query<MergeSetRecord>(
      `SELECT ${SET_COLUMNS} FROM merge_sets WHERE merge_id = $1::bigint`,
      [mergeId],
    );
    return row ? setFromRow(row) : undefined;
  }

  async list(options: { limit?: number } = {}): Promise<MergeSetRecord[]> {
    const rows = await this.#db.query<MergeSetRecord>(
      `SELECT ${SET_COLUMNS} FROM merge_sets ORDER BY merge_sets.merge_id DESC LIMIT $1::int`,
      [options.limit ?? 50],
    );
    return rows.map(setFromRow);
  }

  members(mergeId: string): Promise<MergeMemberRecord[]> {
    return this.#members(this.#db, mergeId);
  }

  async #members(db: SqlExecutor, mergeId: string): Promise<MergeMemberRecord[]> {
    const rows = await db.query<{
      phone_id: string;
      master_id: string;
      probability: number | null;
      before_image: unknown;
      after_image: unknown;
    }>(
      `SELECT phone_id::text AS phone_id, master_id::text AS master_id, probability, before_image, after_image
       FROM merge_members WHERE merge_id = $1::bigint ORDER BY merge_members.phone_id`,
      [mergeId],
    );
    const open = (v: unknown): PhoneRecord =>
      recordFromJson(
        openJson(typeof v === 'string' ? JSON.parse(v) : v, this.#ring) as Record<string, unknown>,
      );
    return rows.map((r) => ({
      merge_id: mergeId,
      phone_id: r.phone_id,
      master_id: r.master_id,
      probability: r.probability,
      before: open(r.before_image),
      after: open(r.after_image),
    }));
  }

  undo(
    mergeId: string,
    actor: string,
    plan: (members: readonly MergeMemberRecord[]) => UndoPlan,
  ): Promise<MergeMemberRecord[]> {
    return this.#db.transaction(async (tx) => {
      const [set] = await tx.query<{ status: string }>(
        'SELECT status FROM merge_sets WHERE merge_id = $1::bigint FOR UPDATE',
        [mergeId],
      );
      if (!set) throw new PhonesetError('STORE_NOT_FOUND', { what: 'Merge set', id: mergeId });
      if (set.status === 'undone') throw new PhonesetError('DEDUPE_ALREADY_UNDONE', { merge_id: mergeId });
      const members = await this.#members(tx, mergeId);
      const current = await readPhonesById(
        tx,
        this.#ring,
        members.map((m) => m.phone_id),
        { forUpdate: true },
      );
      const changed = members
        .filter((m) => {
          const now = current.get(m.phone_id);
          return !now || canonical(now) !== canonical(m.after);
        })
        .map((m) => m.phone_id);
      if (changed.length > 0) {
        throw new PhonesetError('DEDUPE_UNDO_CONFLICT', {
          merge_id: mergeId,
          detail: `records ${changed.slice(0, 10).join(', ')} changed after the merge (a later import, merge or erasure); undo the later change first`,
        });
      }
      const { audits, outbox } = plan(members);
      await updatePhones(
        tx,
        this.#ring,
        members.map((m) => m.before),
      );
      const batchId = `merge-${mergeId}`;
      for (const part of chunks(audits))
        await insertAudits(
          tx,
          this.#ring,
          part.map((a) => ({ ...a, batch_id: batchId })),
        );
      for (const part of chunks(outbox))
        await insertOutbox(
          tx,
          this.#ring,
          part.map((e) => ({ ...e, payload: { ...e.payload, merge_id: mergeId } })),
        );
      await tx.query(
        `UPDATE merge_sets SET status = 'undone', undone_by = $2, undone_at = now() WHERE merge_id = $1::bigint`,
        [mergeId, actor],
      );
      return members;
    });
  }
}
