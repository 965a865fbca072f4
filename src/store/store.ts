import type { StoreConfig } from '../config.js';
import { PhonesetError } from '../core/errors.js';
import type { PhoneRecord } from '../core/registry/phone-record.js';
import type { KeyRing } from '../security/key-ring.js';
import { SqlApiClientRepository } from './api-client.repository.js';
import { type AuditEntry, type AuditRepository, auditCopy, SqlAuditRepository } from './audit.repository.js';
import { type BatchPatch, type BatchRepository, patchBatch, SqlBatchRepository } from './batch.repository.js';
import { type BlacklistRepository, SqlBlacklistRepository } from './blacklist.repository.js';
import { type CopyPayload, copyIn, copyPayloadYielding } from './bulk-insert.sql.js';
import type { Db, DbKind, SqlExecutor } from './db.js';
import { SqlIdempotencyRepository } from './idempotency.repository.js';
import {
  type LineageEntry,
  type LineageRepository,
  lineageCopy,
  SqlLineageRepository,
} from './lineage.repository.js';
import { type MergeRepository, SqlMergeRepository } from './merge.repository.js';
import { type MetricsRepository, SqlMetricsRepository } from './metrics.repository.js';
import { type MigrateResult, migrate, readMigrations } from './migrate.js';
import { openDb } from './open-db.js';
import {
  type OutboxEventInput,
  type OutboxRepository,
  outboxCopy,
  SqlOutboxRepository,
} from './outbox.repository.js';
import {
  type PhoneRepository,
  phoneInsertCopy,
  phoneUpdateCopies,
  runPhoneUpdates,
  SqlPhoneRepository,
} from './phone.repository.js';
import { type QuarantineRepository, SqlQuarantineRepository } from './quarantine.repository.js';
import {
  type RejectInput,
  type RejectRepository,
  rejectCopy,
  SqlRejectRepository,
} from './reject.repository.js';
import { type ReleaseRepository, SqlReleaseRepository } from './release.repository.js';
import { type ReviewRepository, SqlReviewRepository } from './review.repository.js';
import { SealMemo } from './sensitive-json.js';

/**
 * Everything one chunk of an import (or an API batch, a merge) writes, applied
 * in one transaction: either all of it is committed, with the batch's
 * checkpoint, or none of it. Each list is written with one multi-row statement.
 */
export interface ChangeSet {
  /** New registry records; `phone_id` from `phones.reserveIds`. */
  inserts?: readonly PhoneRecord[];
  /** Whole records replacing the stored ones with the same `phone_id`. */
  updates?: readonly PhoneRecord[];
  lineage?: readonly LineageEntry[];
  audits?: readonly AuditEntry[];
  outbox?: readonly OutboxEventInput[];
  rejects?: readonly RejectInput[];
  /** Progress of the batch the chunk belongs to (counts, checkpoint_row, status). */
  batchUpdate?: { batch_id: string } & BatchPatch;
}

/**
 * A change set whose rows are already encoded for the database (numbers encrypted, blind
 * indexes computed, COPY text built): `Store.prepareChanges`. Building it is all of a write's
 * CPU; applying it is all of its database time, so a pipeline prepares one chunk while the
 * database writes the one before.
 */
export interface PreparedChanges {
  readonly kind: 'prepared';
  readonly inserts: CopyPayload;
  readonly updates: readonly CopyPayload[];
  readonly lineage: CopyPayload;
  readonly audits: CopyPayload;
  readonly outbox: CopyPayload;
  readonly rejects: CopyPayload;
  /** Set (or replaced) when applying: it is known only then. */
  readonly batchUpdate?: ChangeSet['batchUpdate'];
}

/** How many rows of each kind `applyChanges` wrote. */
export interface ApplyResult {
  inserted: number;
  updated: number;
  lineage: number;
  audits: number;
  outbox: number;
  rejects: number;
}

/**
 * The store: repositories over one database, phone numbers decrypted at its
 * boundary, plus the one transactional write path for registry changes.
 *
 * @example
 * const store = await openStore(config.store, keyring);
 * const ids = await store.phones.reserveIds(records.length);
 * await store.applyChanges({ inserts, lineage, audits, outbox, batchUpdate: { batch_id, checkpoint_row: 5000 } });
 */
export interface Store {
  readonly kind: DbKind;
  readonly phones: PhoneRepository;
  readonly batches: BatchRepository;
  readonly audit: AuditRepository;
  readonly outbox: OutboxRepository;
  readonly rejects: RejectRepository;
  readonly lineage: LineageRepository;
  readonly blacklist: BlacklistRepository;
  readonly metrics: MetricsRepository;
  readonly releases: ReleaseRepository;
  /** Batches kept out of the registry by their quality checks (`import --gate`). */
  readonly quarantine: QuarantineRepository;
  /** Match models, merge sets (undoable) and their before/after images. */
  readonly merges: MergeRepository;
  /** The dedupe review queue and its decisions. */
  readonly reviews: ReviewRepository;
  /** API clients (key hashes, roles, limits): the API's key check and `phoneset clients`. */
  readonly apiClients: SqlApiClientRepository;
  /** The API's idempotency keys and their (encrypted) responses. */
  readonly idempotency: SqlIdempotencyRepository;
  /** Migration versions in the code that the database has not applied (readiness: empty). */
  pendingMigrations(): Promise<string[]>;
  /** Writes a chunk atomically (see `ChangeSet`), from its rows or prepared by `prepareChanges`. */
  applyChanges(changes: ChangeSet | PreparedChanges): Promise<ApplyResult>;
  /**
   * Encodes a change set for `applyChanges` without touching the database, yielding to the
   * event loop as it goes (the database may be writing the previous one meanwhile).
   */
  prepareChanges(changes: ChangeSet): Promise<PreparedChanges>;
  /** Applies pending migrations (already done by `openStore`). */
  migrate(): Promise<MigrateResult>;
  close(): Promise<void>;
}

/** A unique violation (PostgreSQL code 23505) becomes `STORE_CONFLICT`, naming the constraint. */
function toConflict(error: unknown): never {
  const e = error as {
    code?: string;
    constraint?: string;
    table?: string;
    detail?: string;
    message?: string;
  };
  if (e?.code === '23505') {
    throw new PhonesetError(
      'STORE_CONFLICT',
      {
        table: e.table ?? 'customer_phones',
        detail: `unique constraint ${e.constraint ?? ''} violated: the record exists already (re-read and retry)`,
      },
      { cause: error },
    );
  }
  throw error;
}

async function updateAll(tx: SqlExecutor, payloads: readonly CopyPayload[]): Promise<number> {
  const expected = payloads.reduce((n, p) => n + p.rows, 0);
  const updated = await runPhoneUpdates(tx, payloads);
  if (updated !== expected) {
    // A record vanished between read and write (purged, or a wrong id): refuse the
    // whole chunk rather than silently lose the change; the caller re-reads and retries.
    throw new PhonesetError('STORE_CONFLICT', {
      table: 'customer_phones',
      detail: `${expected - updated} of ${expected} records to update no longer exist`,
    });
  }
  return updated;
}

async function prepare(ring: KeyRing, changes: ChangeSet): Promise<PreparedChanges> {
  // One envelope per distinct value across the audit rows and the events of a change set.
  const memo = new SealMemo();
  const encode = copyPayloadYielding;
  const updates: CopyPayload[] = [];
  for (const spec of phoneUpdateCopies(ring, changes.updates ?? [])) updates.push(await encode(spec));
  return {
    kind: 'prepared',
    inserts: await encode(phoneInsertCopy(ring, changes.inserts ?? [])),
    updates,
    lineage: await encode(lineageCopy(changes.lineage ?? [])),
    audits: await encode(auditCopy(ring, changes.audits ?? [], memo)),
    outbox: await encode(outboxCopy(ring, changes.outbox ?? [], memo)),
    rejects: await encode(rejectCopy(ring, changes.rejects ?? [])),
    ...(changes.batchUpdate ? { batchUpdate: changes.batchUpdate } : {}),
  };
}

// Rows written (registry inserts and lineage) after which the planner's statistics are
// refreshed; the next, once four times as many have been written.
const FIRST_ANALYZE_AT = 10_000;

/**
 * Keeps the planner's statistics of the tables an import grows in step with them. The embedded
 * engine runs no autovacuum, so without this the registry and lineage keep the statistics of
 * an empty table: the chunk reads and the staging UPDATE were planned as scans of the whole
 * registry, and an import slowed down as it grew (a 1M-row import spent 44 of its 113 s of
 * database time in them). PostgreSQL's autovacuum would catch up within a minute or so; a
 * refresh each time the rows written grow fourfold is a few ANALYZEs per import (each samples at
 * most 30,000 rows), on both engines.
 */
function statisticsKeeper(db: Db): (written: number) => Promise<void> {
  let written = 0;
  let next = FIRST_ANALYZE_AT;
  return async (rows) => {
    written += rows;
    if (written < next) return;
    next = written * 4;
    // The chunk has committed: a refresh that fails (the database going away) must not report
    // the write as failed, and the next statement meets the same failure anyway.
    await db.exec('ANALYZE customer_phones; ANALYZE phone_lineage').catch(() => undefined);
  };
}

/**
 * Builds the store over an open database. Does not migrate.
 *
 * @example
 * const store = createStore(await openDb(config.store), keyring);
 */
export function createStore(db: Db, ring: KeyRing): Store {
  const wrote = statisticsKeeper(db);
  return {
    kind: db.kind,
    phones: new SqlPhoneRepository(db, ring),
    batches: new SqlBatchRepository(db),
    audit: new SqlAuditRepository(db, ring),
    outbox: new SqlOutboxRepository(db, ring),
    rejects: new SqlRejectRepository(db, ring),
    lineage: new SqlLineageRepository(db),
    blacklist: new SqlBlacklistRepository(db, ring),
    metrics: new SqlMetricsRepository(db),
    releases: new SqlReleaseRepository(db),
    quarantine: new SqlQuarantineRepository(db, ring),
    merges: new SqlMergeRepository(db, ring),
    reviews: new SqlReviewRepository(db),
    apiClients: new SqlApiClientRepository(db),
    idempotency: new SqlIdempotencyRepository(db, ring),
    pendingMigrations: async () => {
      const rows = await db.query<{ version: string }>('SELECT version FROM schema_migrations');
      const applied = new Set(rows.map((r) => r.version));
      return readMigrations()
        .map((m) => m.version)
        .filter((v) => !applied.has(v));
    },
    prepareChanges: (changes) => prepare(ring, changes),
    applyChanges: async (changes) => {
      const p = 'kind' in changes ? changes : await prepare(ring, changes);
      const result = await db
        .transaction(async (tx) => {
          const result: ApplyResult = {
            inserted: await copyIn(tx, p.inserts),
            updated: await updateAll(tx, p.updates),
            lineage: await copyIn(tx, p.lineage),
            audits: await copyIn(tx, p.audits),
            outbox: await copyIn(tx, p.outbox),
            rejects: await copyIn(tx, p.rejects),
          };
          if (p.batchUpdate) {
            const { batch_id, ...patch } = p.batchUpdate;
            await patchBatch(tx, batch_id, patch);
          }
          return result;
        })
        .catch(toConflict);
      await wrote(result.inserted + result.lineage);
      return result;
    },
    migrate: () => migrate(db),
    close: () => db.close(),
  };
}

/**
 * Opens the configured database, applies pending migrations, and returns the store.
 *
 * @example
 * const store = await openStore(getConfig().store, keyring);
 */
export async function openStore(
  config: Pick<StoreConfig, 'url' | 'dataDir' | 'poolSize'>,
  ring: KeyRing,
): Promise<Store> {
  const db = await openDb(config);
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return createStore(db, ring);
}
