import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Transform } from 'node:stream';
import { PhonesetError } from '../../core/errors.js';
import type { NormalizeOptions, PhoneResult } from '../../core/phone/index.js';
import type { PhoneRecord, SourceSystem } from '../../core/registry/phone-record.js';
import { DEFAULT_RULES, type RulesConfig } from '../../core/rules/index.js';
import type { BatchManifest } from '../../store/batch.repository.js';
import type { RejectInput } from '../../store/reject.repository.js';
import { detectFormat } from '../formats/detect-format.js';
import type { ColumnMap } from '../formats/parse-column-map.js';
import { readRecords } from '../formats/read-records.js';
import type { InputFormat, SourceRow } from '../formats/record-format.js';
import { type ResolvedColumns, resolveColumns } from '../formats/resolve-columns.js';
import { createImportCounts, type ImportCounts } from './import-counts.js';
import type { ImportLake, ImportStore } from './import-ports.js';
import { mergeSighting } from './merge-sighting.js';
import type { ChunkPlan, MergeRecords } from './plan-chunk.js';
import { type ChunkSource, planRows } from './plan-rows.js';
import { type ImportCandidate, readCandidate } from './read-candidate.js';
import { openRejectsWriter, type RejectsWriter } from './write-rejects-file.js';

/** Normalizes one raw phone (the phone engine with its enrichment data bound). */
export interface ImportEngine {
  normalize(raw: string, options?: Omit<NormalizeOptions, 'enricher'>): PhoneResult;
}

/** What `importFile` is handed by the composition root. */
export interface ImportDeps {
  store: ImportStore;
  lake: ImportLake;
  engine: ImportEngine;
  /** Survivorship of a record seen again; default `mergeSighting`. */
  merge?: MergeRecords;
  /**
   * Online dedupe: called after each committed chunk with its new records, which it matches
   * against the registry at once (`createOnlineDedupe` from src/pipeline/dedupe). Not on a dry run.
   */
  online?: { afterInsert(records: readonly PhoneRecord[]): Promise<unknown> };
}

export interface ImportFileOptions {
  file: string;
  source: SourceSystem;
  /** Default: detected from the bytes and the extension. */
  format?: InputFormat;
  map?: ColumnMap;
  sheet?: string;
  /** Country assumed for numbers without a country code (a row's own `country` wins). Default CO. */
  defaultCountry?: string;
  /** Read, normalize and judge every row against the registry, but write nothing anywhere. */
  dryRun?: boolean;
  /** Import even when these exact bytes were already imported. */
  force?: boolean;
  /** Also write the rejected rows (with reasons) to this CSV file. */
  rejectsFile?: string;
  /** Who runs it, for the audit trail and the manifest. */
  actor: string;
  rules?: RulesConfig;
  /** Rows per transaction. Default 5000. */
  chunkSize?: number;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportProgress {
  /** Rows read so far, including rows skipped because an earlier run committed them. */
  rows: number;
  bytesRead: number;
  totalBytes: number;
}

/** The outcome of `phoneset import`; `--json` prints it. */
export interface ImportSummary extends ImportCounts {
  batch_id: string | null;
  /** `skipped`: these bytes were already imported (see `previous_batch_id`). */
  status: 'completed' | 'skipped' | 'dry_run';
  /** Rows an earlier, interrupted run had committed; this run went on after them. */
  resumed_after_row: number;
  file: string;
  source: SourceSystem;
  format: InputFormat;
  sha256: string | null;
  size_bytes: number;
  seconds: number;
}

const RESUMABLE = new Set(['received', 'processing', 'failed']);

async function firstBytes(file: string): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Where a chunk finds the registry and puts its plan: the store, or an in-memory overlay in a dry run. */
export interface ChunkSink extends ChunkSource {
  apply(plan: ChunkPlan, checkpointRow: number, counts: ImportCounts): Promise<void>;
}

/**
 * The store as a chunk's registry: state of the chunk's customers, ids, and the plan applied
 * in one transaction with the batch's checkpoint and counts.
 *
 * @example
 * const sink = storeSink(store, batch.batch_id);
 */
export function storeSink(
  store: ImportStore,
  batchId: string,
  meta: () => Record<string, unknown>,
): ChunkSink {
  return {
    async load(customers) {
      const records = await store.phones.listByCustomers(customers);
      const seenInBatch = await store.lineage.phoneIdsInBatch(
        batchId,
        records.map((r) => r.phone_id),
      );
      return { records, seenInBatch };
    },
    reserve: (count) => store.phones.reserveIds(count),
    async apply(plan, checkpointRow, counts) {
      await store.applyChanges({
        inserts: plan.inserts,
        updates: plan.updates,
        lineage: plan.lineage,
        audits: plan.audits,
        outbox: plan.outbox,
        rejects: plan.rejects,
        batchUpdate: {
          batch_id: batchId,
          checkpoint_row: checkpointRow,
          counts: { ...counts, options: meta() },
        },
      });
    },
  };
}

/**
 * A dry run plans every chunk against the registry as the earlier chunks would have left it,
 * kept in memory (records touched by this file only); nothing is written.
 */
function dryRunSink(store: ImportStore, onRejects: (rejects: RejectInput[]) => Promise<void>): ChunkSink {
  const touched = new Map<string, Map<string, PhoneRecord>>();
  const seen = new Set<string>();
  let next = 0;
  return {
    async load(customers) {
      const byId = new Map<string, PhoneRecord>();
      for (const r of await store.phones.listByCustomers(customers)) byId.set(r.phone_id, r);
      for (const c of customers) for (const [id, r] of touched.get(c) ?? []) byId.set(id, r);
      return { records: [...byId.values()], seenInBatch: seen };
    },
    reserve: async (count) => Array.from({ length: count }, () => `dry-run-${++next}`),
    async apply(plan) {
      for (const r of [...plan.inserts, ...plan.updates]) {
        const m = touched.get(r.customer_id) ?? new Map<string, PhoneRecord>();
        touched.set(r.customer_id, m);
        m.set(r.phone_id, r);
      }
      for (const l of plan.lineage) seen.add(l.phone_id);
      if (plan.rejects.length > 0) await onRejects(plan.rejects);
    },
  };
}

/**
 * Imports a customer phone file into the registry, crash-safe and resumable:
 *
 * 1. the exact bytes go to the raw lake (sha256); bytes already imported are reported and
 *    skipped unless `force`; a batch left unfinished by a crash is resumed from its checkpoint;
 * 2. a manifest row (source batch) is written;
 * 3. the lake copy is read in chunks: normalize → business rules → within-batch duplicates →
 *    per-customer limit and single primary → survivorship upsert, with audit rows, events,
 *    lineage and rejects, each chunk committed in one transaction with its checkpoint;
 * 4. the batch gets its counts and `completed`.
 *
 * A dry run reads the file itself and writes nothing (no lake, no manifest, no registry).
 *
 * @example
 * const summary = await importFile({ file: 'crm.csv', source: 'crm_salesforce', actor: 'ana' }, deps);
 * summary.received === summary.inserted + summary.updated + summary.unchanged + summary.rejected + summary.duplicates;
 */
export async function importFile(options: ImportFileOptions, deps: ImportDeps): Promise<ImportSummary> {
  const started = performance.now();
  let size: number;
  try {
    const info = await stat(options.file);
    if (!info.isFile()) throw new Error('not a file');
    size = info.size;
  } catch (cause) {
    throw new PhonesetError('INPUT_NOT_FOUND', { path: options.file }, { cause });
  }
  const format = options.format ?? detectFormat(options.file, await firstBytes(options.file));
  const now = new Date();
  const summary: ImportSummary = {
    batch_id: null,
    status: options.dryRun ? 'dry_run' : 'completed',
    resumed_after_row: 0,
    file: options.file,
    source: options.source,
    format,
    sha256: null,
    size_bytes: size,
    seconds: 0,
    ...createImportCounts(),
  };
  const finish = (): ImportSummary => {
    summary.seconds = (performance.now() - started) / 1000;
    return summary;
  };

  let batch: BatchManifest | undefined;
  let input: NodeJS.ReadableStream;
  let sink: ChunkSink;
  let counts = createImportCounts();
  let headers: string[] = [];
  let rejectsOut: RejectsWriter | undefined;
  const rejectsWriter = (): RejectsWriter | undefined => {
    if (options.rejectsFile) rejectsOut ??= openRejectsWriter(options.rejectsFile, headers);
    return rejectsOut;
  };

  if (options.dryRun) {
    input = createReadStream(options.file, { highWaterMark: 256 * 1024 });
    sink = dryRunSink(deps.store, async (rejects) => {
      const out = rejectsWriter();
      for (const r of rejects) await out?.write(r);
    });
  } else {
    const entry = await deps.lake.put(options.file, {
      source: options.source,
      fileName: basename(options.file),
      receivedAt: now,
    });
    summary.sha256 = entry.sha256;
    const previous = await deps.store.batches.findBySha256(entry.sha256);
    const unfinished = previous.find((b) => RESUMABLE.has(b.status));
    const done = previous.find((b) => !RESUMABLE.has(b.status));
    if (unfinished) {
      batch = await deps.store.batches.update(unfinished.batch_id, { status: 'processing', error: null });
      counts = createImportCounts(batch.counts);
      summary.resumed_after_row = batch.checkpoint_row;
    } else if (done && !options.force) {
      Object.assign(summary, createImportCounts(done.counts), {
        batch_id: done.batch_id,
        status: 'skipped',
      });
      return finish();
    } else {
      batch = await deps.store.batches.create({
        source: options.source,
        file_name: basename(options.file),
        format,
        size_bytes: entry.size,
        sha256: entry.sha256,
        lake_path: entry.key,
        status: 'processing',
        created_by: options.actor,
        received_at: now,
      });
    }
    summary.batch_id = batch.batch_id;
    input = deps.lake.open(batch.lake_path ?? entry.key, { sha256: entry.sha256 });
    sink = storeSink(deps.store, batch.batch_id, () => importOptions);
  }

  const progress: ImportProgress = { rows: 0, bytesRead: 0, totalBytes: size };
  const counted = input.pipe(
    new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        progress.bytesRead += chunk.length;
        callback(null, chunk);
      },
    }),
  );
  input.on('error', (error) => counted.destroy(error));

  const batchId = batch?.batch_id ?? 'dry-run';
  const resumeAfter = batch?.checkpoint_row ?? 0;
  const chunkSize = options.chunkSize ?? 5000;
  const defaultCountry = (options.defaultCountry ?? 'CO').toUpperCase();
  const rules = options.rules ?? DEFAULT_RULES;
  const merge = deps.merge ?? mergeSighting;
  const receivedAt = batch?.received_at ?? now;
  let columns: ResolvedColumns | undefined;
  // Kept with the batch so that `reprocess` reads the lake copy the way this import did.
  let importOptions: Record<string, unknown> = {};
  let chunk: ImportCandidate[] = [];
  let lastRow = resumeAfter;

  const flush = async (): Promise<void> => {
    if (chunk.length === 0) return;
    const rows = chunk;
    chunk = [];
    const plan = await planRows(rows, sink, {
      batch_id: batchId,
      actor: options.actor,
      reason: 'import',
      rules,
      now,
      merge,
      defaultCountry,
      engine: deps.engine,
      blacklist: deps.store.blacklist,
    });
    addCounts(counts, plan.counts);
    await sink.apply(plan, lastRow, counts);
    if (!options.dryRun && plan.inserts.length > 0) await deps.online?.afterInsert(plan.inserts);
    progress.rows = lastRow;
    options.onProgress?.(progress);
  };

  try {
    for await (const row of readRecords(counted, {
      format,
      name: basename(options.file),
      ...sheetOf(options),
    })) {
      if (!columns && !row.error) {
        headers = Object.keys(row.fields);
        columns = resolveColumns(headers, options.map, basename(options.file));
        importOptions = {
          columns,
          default_country: defaultCountry,
          ...(options.sheet === undefined ? {} : { sheet: options.sheet }),
        };
      }
      if (row.row <= resumeAfter) continue;
      if (!columns) {
        if (headers.length === 0) headers = Object.keys(row.fields);
        chunk.push(unreadable(row, options.source, receivedAt));
      } else chunk.push(readCandidate(row, columns, options.source, receivedAt));
      lastRow = row.row;
      if (chunk.length >= chunkSize) await flush();
    }
    await flush();
  } catch (error) {
    counted.destroy();
    await rejectsOut?.abort();
    if (batch) {
      await deps.store.batches
        .update(batch.batch_id, { status: 'failed', error: (error as Error).message })
        .catch(() => undefined);
    }
    throw error;
  }

  if (batch) {
    await deps.store.batches.update(batch.batch_id, {
      status: 'completed',
      row_count: counts.received,
      checkpoint_row: lastRow,
      counts: { ...counts, options: importOptions },
    });
    // Read back from the store: an import resumed after a crash lists the rejects of every run.
    const out = rejectsWriter();
    if (out) for await (const r of deps.store.rejects.iterateByBatch(batch.batch_id)) await out.write(r);
  }
  await rejectsWriter()?.close();
  Object.assign(summary, counts);
  return finish();
}

function sheetOf(options: ImportFileOptions): { sheet?: string } {
  return options.sheet === undefined ? {} : { sheet: options.sheet };
}

/** A bad row before any readable one: no columns are known yet, so it is kept whole and rejected. */
function unreadable(row: SourceRow, source: SourceSystem, receivedAt: Date): ImportCandidate {
  return {
    row: row.row,
    raw: row.fields,
    readError: row.error?.message ?? 'unreadable row',
    customer_id: null,
    phone: '',
    country: null,
    declared_type: null,
    source,
    source_record_id: null,
    is_primary: false,
    is_verified: false,
    updated_at: receivedAt,
  };
}

function addCounts(total: ImportCounts, delta: ImportCounts): void {
  total.received += delta.received;
  total.inserted += delta.inserted;
  total.updated += delta.updated;
  total.unchanged += delta.unchanged;
  total.rejected += delta.rejected;
  total.duplicates += delta.duplicates;
  for (const [k, v] of Object.entries(delta.by_reason)) total.by_reason[k] = (total.by_reason[k] ?? 0) + v;
  for (const [k, v] of Object.entries(delta.flagged)) total.flagged[k] = (total.flagged[k] ?? 0) + v;
}
