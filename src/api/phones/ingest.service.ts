import { createHash } from 'node:crypto';
import type { Cache } from '../../cache/cache.js';
import { PhonesetError } from '../../core/errors.js';
import type { PhoneResult } from '../../core/phone/phone-result.js';
import type { PhoneRecord, SourceSystem } from '../../core/registry/phone-record.js';
import { DEFAULT_RULES, type RulesConfig } from '../../core/rules/index.js';
import type { ResolvedColumns } from '../../pipeline/formats/resolve-columns.js';
import type { ImportCounts } from '../../pipeline/import/import-counts.js';
import { storeSink } from '../../pipeline/import/import-file.js';
import type { ImportStore } from '../../pipeline/import/import-ports.js';
import { mergeSighting } from '../../pipeline/import/merge-sighting.js';
import { planRows } from '../../pipeline/import/plan-rows.js';
import { readCandidate } from '../../pipeline/import/read-candidate.js';
import type { CustomerCache, ValueSealer } from './customer-cache.js';
import type { IdempotencyStore } from './idempotency-store.js';
import type { Caller } from './phones.service.js';

/** One record as a client posts it; the same fields as a row of an imported file. */
export interface IngestRecord {
  customer_id: string;
  phone_number: string;
  source_system: SourceSystem;
  /** Two-letter country for numbers written without a country code; default CO. */
  country_code?: string;
  phone_type?: string;
  source_record_id?: string;
  is_primary?: boolean;
  is_verified?: boolean;
  /** When the source last changed it (survivorship: recency). */
  updated_at?: string;
}

/** Why a row was rejected, parsed from the pipeline's reason text. */
export interface IngestReason {
  code: string;
  field: string;
  message: string;
}

/** What became of one posted record. */
export type IngestRowResult =
  | {
      index: number;
      status: 'inserted' | 'updated' | 'unchanged' | 'duplicate';
      phone_id: string;
      customer_id: string;
      /** The registry record after the write (the number masked for callers without pii_reader). */
      record: PhoneRecord;
    }
  | { index: number; status: 'rejected'; customer_id: string | null; reasons: IngestReason[] };

/** The outcome of one ingest request. */
export interface IngestOutcome {
  batch_id: string;
  request_id: string;
  counts: ImportCounts;
  results: IngestRowResult[];
}

/** The phone engine as the pipeline calls it. */
export type IngestEngine = (raw: string, options: { defaultCountry: string }) => PhoneResult;

export interface IngestServiceOptions {
  engine: IngestEngine;
  rules?: RulesConfig | undefined;
  /**
   * Keeps idempotency keys and their responses in the store, so that a retry after a restart,
   * or on another replica, gets the first response. Without it, they live in `cache` only.
   */
  keys?: IdempotencyStore | undefined;
  /** Remembers idempotency keys and their responses when no `keys` store is given. */
  cache: Cache;
  /** Responses hold phone numbers: sealed before they reach the cache. */
  sealer?: ValueSealer | undefined;
  /** How long an idempotency key is remembered. Default 24 h. */
  idempotencyTtlMs?: number;
  /** How long a request holding a key may run before a retry takes the key over (its process died). Default 60 s. */
  idempotencyLeaseMs?: number;
  /** How long a retry waits for the first request with its key, running elsewhere, to finish. Default 10 s. */
  idempotencyWaitMs?: number;
}

const DAY_MS = 24 * 3_600_000;

/** The canonical fields of a posted record are already its keys: an identity column map. */
const COLUMNS: ResolvedColumns = {
  customer_id: 'customer_id',
  phone_number: 'phone_number',
  phone_type: 'phone_type',
  source_system: 'source_system',
  is_primary: 'is_primary',
  is_verified: 'is_verified',
  updated_at: 'updated_at',
  source_record_id: 'source_record_id',
  country: 'country_code',
};

const REASON = /^([A-Z0-9_]+) \(([^)]*)\): ([\s\S]*)$/;

function parseReason(text: string): IngestReason {
  const m = REASON.exec(text);
  return m
    ? { code: m[1] as string, field: m[2] as string, message: m[3] as string }
    : { code: text, field: 'row', message: text };
}

/** A stable hash of a JSON body: keys sorted, so `{a,b}` and `{b,a}` are the same request. */
function hashBody(value: unknown): string {
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return createHash('sha256')
    .update(JSON.stringify(canonical(value)))
    .digest('hex');
}

interface StoredResponse {
  body_sha256: string;
  status: number;
  response: unknown;
}

/**
 * `POST /v1/phones` and GraphQL `addPhone`: posted records take exactly the path of the rows
 * of an imported file (`planRows`: normalize → rules → within-batch duplicates → limit and
 * single primary → survivorship), written in one transaction with their audit rows (the
 * caller as actor, the request id), events, lineage and rejects, under a source batch of
 * their own. With an idempotency key, the first response is stored with the hash of the
 * body: the same key and body answer it again without writing; another body is refused.
 *
 * @example
 * const ingest = new IngestService(store, customers, { engine, cache });
 * const outcome = await ingest.ingest([{ customer_id: 'C1', phone_number: '3001234567', source_system: 'web_forms' }], caller);
 */
export class IngestService {
  readonly #store: ImportStore;
  readonly #customers: CustomerCache;
  readonly #options: IngestServiceOptions;
  readonly #inFlight = new Map<string, Promise<unknown>>();

  constructor(store: ImportStore, customers: CustomerCache, options: IngestServiceOptions) {
    this.#store = store;
    this.#customers = customers;
    this.#options = options;
  }

  /** Runs the records through the pipeline and reports each one's outcome, in order. */
  async ingest(records: readonly IngestRecord[], caller: Caller): Promise<IngestOutcome> {
    const now = new Date();
    const sources = new Set(records.map((r) => r.source_system));
    const batchSource = sources.size === 1 ? ([...sources][0] as SourceSystem) : 'manual_upload';
    const batch = await this.#store.batches.create({
      source: sources.size === 1 ? batchSource : 'api',
      file_name: `api:${caller.request_id}`,
      format: 'json',
      row_count: records.length,
      status: 'processing',
      created_by: caller.client_id,
      received_at: now,
    });
    const candidates = records.map((record, i) =>
      readCandidate({ row: i + 1, fields: { ...record } }, COLUMNS, batchSource, now),
    );
    const sink = storeSink(this.#store, batch.batch_id, () => ({ columns: COLUMNS, default_country: 'CO' }));
    const engine = this.#options.engine;
    let plan: Awaited<ReturnType<typeof planRows>>;
    try {
      plan = await planRows(candidates, sink, {
        batch_id: batch.batch_id,
        actor: caller.client_id,
        reason: 'api',
        rules: this.#options.rules ?? DEFAULT_RULES,
        now,
        merge: mergeSighting,
        defaultCountry: 'CO',
        engine: { normalize: (raw, o) => engine(raw, { defaultCountry: o?.defaultCountry ?? 'CO' }) },
        blacklist: this.#store.blacklist,
      });
      // The audit rows and events name the request as well as its batch.
      for (const a of plan.audits) a.request_id = caller.request_id;
      for (const e of plan.outbox) {
        e.payload = { ...e.payload, request_id: caller.request_id, changed_by: caller.client_id };
      }
      await sink.apply(plan, records.length, plan.counts);
      await this.#store.batches.update(batch.batch_id, {
        status: 'completed',
        row_count: records.length,
        checkpoint_row: records.length,
        counts: { ...plan.counts },
      });
    } catch (error) {
      await this.#store.batches
        .update(batch.batch_id, { status: 'failed', error: (error as Error).message })
        .catch(() => undefined);
      throw error;
    }
    const touched = new Set([...plan.inserts, ...plan.updates].map((r) => r.customer_id));
    await this.#customers.invalidate(touched).catch(() => undefined);

    const byId = new Map<string, PhoneRecord>();
    for (const r of [...plan.inserts, ...plan.updates]) byId.set(r.phone_id, r);
    const inserted = new Set(plan.inserts.map((r) => r.phone_id));
    const updatedByRow = new Set(
      plan.audits.filter((a) => a.operation === 'UPDATE' && a.change_reason === 'api').map((a) => a.phone_id),
    );
    const rejects = new Map(plan.rejects.map((r) => [r.row_number, r.reasons]));
    const lineage = new Map(plan.lineage.map((l) => [l.row_number, l.phone_id]));
    const seen = new Set<string>();
    const results: IngestRowResult[] = candidates.map((c, index) => {
      const reasons = rejects.get(c.row);
      const phoneId = lineage.get(c.row);
      if (reasons || phoneId === undefined) {
        return {
          index,
          status: 'rejected',
          customer_id: c.customer_id,
          reasons: (reasons ?? []).map(parseReason),
        };
      }
      const first = !seen.has(phoneId);
      seen.add(phoneId);
      const status = !first
        ? 'duplicate'
        : inserted.has(phoneId)
          ? 'inserted'
          : updatedByRow.has(phoneId)
            ? 'updated'
            : 'unchanged';
      const record = byId.get(phoneId) as PhoneRecord;
      return { index, status, phone_id: phoneId, customer_id: record.customer_id, record };
    });
    return { batch_id: batch.batch_id, request_id: caller.request_id, counts: plan.counts, results };
  }

  /**
   * Runs `produce` once per (client, idempotency key): a repeat with the same body gets the
   * stored response (`replayed: true`) and writes nothing; a different body is
   * `API_IDEMPOTENCY_MISMATCH`. Without a key, `produce` simply runs.
   */
  async idempotent<T>(
    clientId: string,
    key: string | undefined,
    body: unknown,
    produce: () => Promise<{ status: number; response: T }>,
  ): Promise<{ status: number; response: T; replayed: boolean }> {
    if (key === undefined) return { ...(await produce()), replayed: false };
    const keyHash = createHash('sha256').update(key).digest('hex');
    const cacheKey = `idem:${clientId}:${keyHash}`;
    const bodyHash = hashBody(body);
    // Concurrent retries of one request in this process wait for the first.
    const running = this.#inFlight.get(cacheKey);
    if (running) await running.catch(() => undefined);
    if (this.#options.keys) {
      return this.#idempotentInStore(this.#options.keys, clientId, key, keyHash, cacheKey, bodyHash, produce);
    }
    const stored = await this.#read(cacheKey);
    if (stored) {
      if (stored.body_sha256 !== bodyHash) {
        throw new PhonesetError('API_IDEMPOTENCY_MISMATCH', { key });
      }
      return { status: stored.status, response: stored.response as T, replayed: true };
    }
    const work = produce();
    this.#inFlight.set(cacheKey, work);
    try {
      const out = await work;
      const text = JSON.stringify({ body_sha256: bodyHash, status: out.status, response: out.response });
      const sealed = this.#options.sealer ? this.#options.sealer.seal(text) : text;
      await this.#options.cache.set(cacheKey, sealed, this.#options.idempotencyTtlMs ?? DAY_MS);
      return { ...out, replayed: false };
    } finally {
      this.#inFlight.delete(cacheKey);
    }
  }

  /** `idempotent` over the store: reserve the key, run, store the response; or replay, refuse, wait. */
  async #idempotentInStore<T>(
    keys: IdempotencyStore,
    clientId: string,
    key: string,
    keyHash: string,
    inFlightKey: string,
    bodyHash: string,
    produce: () => Promise<{ status: number; response: T }>,
  ): Promise<{ status: number; response: T; replayed: boolean }> {
    this.#purgeNowAndThen(keys);
    const waitUntil = Date.now() + (this.#options.idempotencyWaitMs ?? 10_000);
    for (;;) {
      const reservation = await keys.reserve({
        client_id: clientId,
        key_sha256: keyHash,
        body_sha256: bodyHash,
        ttlMs: this.#options.idempotencyTtlMs ?? DAY_MS,
        leaseMs: this.#options.idempotencyLeaseMs ?? 60_000,
      });
      if (reservation.reserved) break;
      const { entry } = reservation;
      if (entry.body_sha256 !== bodyHash) throw new PhonesetError('API_IDEMPOTENCY_MISMATCH', { key });
      if (entry.status !== null) {
        return { status: entry.status, response: entry.response as T, replayed: true };
      }
      // The first request with this key is still running in another process.
      if (Date.now() >= waitUntil) throw new PhonesetError('API_IDEMPOTENCY_IN_PROGRESS', { key });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const work = produce();
    this.#inFlight.set(inFlightKey, work);
    try {
      let out: { status: number; response: T };
      try {
        out = await work;
      } catch (error) {
        // Nothing to replay: a retry runs the request again.
        await keys.release(clientId, keyHash).catch(() => undefined);
        throw error;
      }
      await keys.complete(clientId, keyHash, out.status, out.response);
      return { ...out, replayed: false };
    } finally {
      this.#inFlight.delete(inFlightKey);
    }
  }

  #lastPurge = 0;

  /** Expired keys are deleted at most once an hour, off the request's path. */
  #purgeNowAndThen(keys: IdempotencyStore): void {
    const now = Date.now();
    if (now - this.#lastPurge < 3_600_000) return;
    this.#lastPurge = now;
    void keys.purgeExpired().catch(() => undefined);
  }

  async #read(cacheKey: string): Promise<StoredResponse | undefined> {
    const value = await this.#options.cache.get(cacheKey);
    if (value === undefined) return undefined;
    const text = this.#options.sealer ? this.#options.sealer.open(value) : value;
    return JSON.parse(text) as StoredResponse;
  }
}
