import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Transform } from 'node:stream';
import { PhonesetError } from '../../core/errors.js';
import type { NormalizeOptions, PhoneResult } from '../../core/phone/index.js';
import type { ExpectationSuite } from '../../core/quality/index.js';
import type { PhoneRecord, SourceSystem } from '../../core/registry/phone-record.js';
import { DEFAULT_RULES, type RulesConfig } from '../../core/rules/index.js';
import type { BatchManifest, BatchStatus } from '../../store/batch.repository.js';
import type { MetricsRepository } from '../../store/metrics.repository.js';
import type { QuarantineFailure, QuarantineRepository } from '../../store/quarantine.repository.js';
import type { RejectInput } from '../../store/reject.repository.js';
import type { ChangeSet, PreparedChanges } from '../../store/store.js';
import { detectFormat } from '../formats/detect-format.js';
import type { ColumnMap } from '../formats/parse-column-map.js';
import { readRecords } from '../formats/read-records.js';
import type { InputFormat, SourceRow } from '../formats/record-format.js';
import { type ResolvedColumns, resolveColumns } from '../formats/resolve-columns.js';
import { type BatchCheck, createBatchChecker, judgeBatch } from '../quality/check-batch.js';
import { readHistory } from '../quality/quality-history.js';
import { QUALITY_TOPIC } from '../quality/quality-topic.js';
import { createImportCounts, type ImportCounts } from './import-counts.js';
import type { ImportLake, ImportStore } from './import-ports.js';
import { mergeSighting } from './merge-sighting.js';
import type { ChunkPlan, ChunkState, MergeRecords } from './plan-chunk.js';
import {
  type ChunkSource,
  normalizeCandidates,
  overlayPlan,
  type PlanRowsContext,
  planWithReads,
  readChunk,
} from './plan-rows.js';
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
  online?: { afterInsert(records: readonly PhoneRecord[]): Promise<{ joined: number }> };
  /** Quality history and quarantine, for an import with `gate` (the `Store` satisfies it). */
  quality?: ImportQualityStore;
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
  /**
   * Run the suite's batch-level checks before merging (`import --gate`): a batch that fails
   * them is quarantined (kept in the lake and the manifest, not merged). Needs `deps.quality`.
   */
  gate?: ImportGateOptions;
}

export interface ImportProgress {
  /** Rows read so far, including rows skipped because an earlier run committed them. */
  rows: number;
  bytesRead: number;
  totalBytes: number;
  /** `check`: the `--gate` pass over the batch (nothing written); `import`: the merge. */
  phase?: 'check' | 'import';
}

/** The outcome of `phoneset import`; `--json` prints it. */
export interface ImportSummary extends ImportCounts {
  batch_id: string | null;
  /**
   * `skipped`: these bytes were already imported as `batch_id` (in `previous_status`);
   * `quarantined`: the batch failed its checks (`quality`) and was not merged: the counts say
   * what the merge would have done.
   */
  status: 'completed' | 'skipped' | 'dry_run' | 'quarantined';
  previous_status?: BatchStatus;
  /** The verdict of the batch's checks, on an import with `gate`. */
  quality?: ImportQualitySummary;
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
/** Planned rejects a quarantined batch writes to its rejects file, at most (the lake keeps every row). */
const MAX_HELD_REJECTS = 100_000;

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
  /** Starts encrypting and encoding a plan's writes now, for a later `apply` of the same plan. */
  prepare(plan: ChunkPlan): void;
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
  const prepared = new WeakMap<ChunkPlan, Promise<PreparedChanges>>();
  const changesOf = (plan: ChunkPlan): ChangeSet => ({
    inserts: plan.inserts,
    updates: plan.updates,
    lineage: plan.lineage,
    audits: plan.audits,
    outbox: plan.outbox,
    rejects: plan.rejects,
  });
  return {
    load: (customers) => store.phones.listByCustomersInBatch(customers, batchId),
    reserve: (count) => store.phones.reserveIds(count),
    prepare(plan) {
      const encoding = store.prepareChanges(changesOf(plan));
      encoding.catch(() => undefined); // observed by apply
      prepared.set(plan, encoding);
    },
    async apply(plan, checkpointRow, counts) {
      await store.applyChanges({
        ...(await (prepared.get(plan) ?? store.prepareChanges(changesOf(plan)))),
        batchUpdate: {
          batch_id: batchId,
          checkpoint_row: checkpointRow,
          counts: { ...counts, options: meta() },
        },
      });
    },
  };
}

/** What the row loop knows when it hands a chunk's plan over. */
interface RowsRead {
  headers: readonly string[];
  importOptions: Record<string, unknown>;
}

/** Where the row loop finds the registry and puts each chunk's plan. */
interface RowsSink extends ChunkSource {
  /** `state`: the registry state the plan was made against. */
  apply(plan: ChunkPlan, checkpointRow: number, read: RowsRead, state: ChunkState): Promise<void>;
  /** Encodes a plan's writes ahead of `apply` (values encrypted), while the store is busy. */
  prepare?(plan: ChunkPlan): void;
}

/**
 * A dry run plans every chunk against the registry as the earlier chunks would have left it,
 * kept in memory (records touched by this file only); nothing is written. The `--gate` check
 * plans the same way.
 */
function dryRunSink(
  store: ImportStore,
  onRejects: (rejects: RejectInput[], headers: readonly string[]) => Promise<void>,
): RowsSink {
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
    async apply(plan, _checkpointRow, read) {
      for (const r of [...plan.inserts, ...plan.updates]) {
        const m = touched.get(r.customer_id) ?? new Map<string, PhoneRecord>();
        touched.set(r.customer_id, m);
        m.set(r.phone_id, r);
      }
      for (const l of plan.lineage) seen.add(l.phone_id);
      if (plan.rejects.length > 0) await onRejects(plan.rejects, read.headers);
    },
  };
}

/** What a gated import needs of the store besides the import's own repositories. */
export interface ImportQualityStore {
  /** The quality history (drops against earlier batches of the same source). */
  readonly metrics: Pick<MetricsRepository, 'list'>;
  readonly quarantine: Pick<QuarantineRepository, 'quarantine'>;
}

/** `import --gate`: the suite whose batch-level checks the batch must pass before it is merged. */
export interface ImportGateOptions {
  suite: ExpectationSuite;
}

/** The gate's verdict on a gated import. */
export interface ImportQualitySummary {
  passed: boolean;
  grade: string;
  suite_file: string;
  failures: QuarantineFailure[];
  /** One line naming what failed; empty when it passed. */
  reason: string;
}

/**
 * Where a gated batch stands, kept with its options (`counts.options.gate`): `pending` while
 * its checks run (an interrupted run must check again), `passed` or `accepted` once it may
 * be merged (a resumed merge goes on), `failed` when it was quarantined.
 */
type GateState = 'pending' | 'passed' | 'failed' | 'accepted';

/**
 * Imports a customer phone file into the registry, crash-safe and resumable:
 *
 * 1. the exact bytes go to the raw lake (sha256); bytes already imported are reported and
 *    skipped unless `force`; a batch left unfinished by a crash is resumed from its checkpoint;
 * 2. a manifest row (source batch) is written;
 * 3. with `gate`, a first pass reads the lake copy and plans every chunk against the registry
 *    without writing (as a dry run does), measures the batch with the suite's batch checks and
 *    judges it as the gate would; a failing batch is quarantined (the verdict, its status,
 *    an audit row and an event in one transaction) and nothing of it is merged;
 * 4. the lake copy is read in chunks: normalize → business rules → within-batch duplicates →
 *    per-customer limit and single primary → survivorship upsert, with audit rows, events,
 *    lineage and rejects, each chunk committed in one transaction with its checkpoint;
 * 5. the batch gets its counts and `completed`.
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
  if (options.gate && !options.dryRun && !deps.quality) {
    throw new Error('importFile: a gated import needs deps.quality (metrics and quarantine)');
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

  if (options.dryRun) {
    let rejectsOut: RejectsWriter | undefined;
    const checker = options.gate
      ? createBatchChecker(options.gate.suite, {
          source: options.source,
          arrivedAt: now,
          engine: deps.engine,
        })
      : undefined;
    const planned = dryRunSink(deps.store, async (rejects, headers) => {
      if (options.rejectsFile) rejectsOut ??= openRejectsWriter(options.rejectsFile, headers);
      for (const r of rejects) await rejectsOut?.write(r);
    });
    const run = await runRows(
      createReadStream(options.file, { highWaterMark: 256 * 1024 }),
      {
        ...readContext(options, deps, format, basename(options.file), now),
        batchId: 'dry-run',
        receivedAt: now,
        resumeAfter: 0,
        totalBytes: size,
        ...(options.map ? { map: options.map } : {}),
      },
      checker ? observedBy(checker, planned) : planned,
    ).catch(async (error) => {
      await rejectsOut?.abort();
      throw error;
    });
    if (options.rejectsFile) rejectsOut ??= openRejectsWriter(options.rejectsFile, run.headers);
    await rejectsOut?.close();
    Object.assign(summary, run.counts);
    if (checker && options.gate) {
      // What the gate would say, with the history when the store is at hand; nothing is written.
      const history = deps.quality ? await readHistory(deps.quality, { limit: 2000 }) : [];
      const check = judgeBatch(checker.result(), {
        batchId: 'dry-run',
        source: options.source,
        fileName: basename(options.file),
        suite: options.gate.suite,
        history,
      });
      summary.quality = qualitySummary(check, options.gate.suite);
    }
    return finish();
  }

  const entry = await deps.lake.put(options.file, {
    source: options.source,
    fileName: basename(options.file),
    receivedAt: now,
  });
  summary.sha256 = entry.sha256;
  const previous = await deps.store.batches.findBySha256(entry.sha256);
  const unfinished = previous.find((b) => RESUMABLE.has(b.status));
  const done = previous.find((b) => !RESUMABLE.has(b.status));
  let batch: BatchManifest;
  if (unfinished && gateStateOf(unfinished) === 'pending' && !options.gate) {
    // Its checks were interrupted: merging it now would skip them.
    throw new PhonesetError('IMPORT_GATE_REQUIRED', { batch_id: unfinished.batch_id });
  }
  if (unfinished) {
    batch = await deps.store.batches.update(unfinished.batch_id, { status: 'processing', error: null });
    summary.resumed_after_row = batch.checkpoint_row;
  } else if (done && !options.force) {
    Object.assign(summary, createImportCounts(done.counts), {
      batch_id: done.batch_id,
      status: 'skipped',
      previous_status: done.status,
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

  const gate = gateStateOf(batch);
  const mustCheck =
    options.gate !== undefined && batch.checkpoint_row === 0 && gate !== 'passed' && gate !== 'accepted';
  if (mustCheck && options.gate && deps.quality) {
    // Marked before the check, so that a run interrupted during it checks again.
    batch = await deps.store.batches.update(batch.batch_id, {
      counts: { ...batch.counts, options: { ...optionsOf(batch), gate: 'pending' } },
    });
    const checked = await checkBatch(batch, options, deps, options.gate, deps.quality, now).catch(
      async (error: unknown) => {
        await deps.store.batches
          .update(batch.batch_id, { status: 'failed', error: (error as Error).message })
          .catch(() => undefined);
        throw error;
      },
    );
    summary.quality = checked.quality;
    if (!checked.quality.passed) {
      Object.assign(summary, checked.counts, { status: 'quarantined' });
      return finish();
    }
  }
  const merged = await mergeRows(batch, options, deps, {
    now,
    ...(options.map ? { map: options.map } : {}),
    gate: mustCheck ? 'passed' : gate,
  });
  Object.assign(summary, merged.counts);
  return finish();
}

/** The options a batch's import kept with it (columns, country, sheet, gate state). */
function optionsOf(batch: BatchManifest): Record<string, unknown> {
  const o = batch.counts.options;
  return o && typeof o === 'object' ? (o as Record<string, unknown>) : {};
}

function gateStateOf(batch: BatchManifest): GateState | undefined {
  const g = optionsOf(batch).gate;
  return g === 'pending' || g === 'passed' || g === 'failed' || g === 'accepted' ? g : undefined;
}

/** What reading a batch's rows needs besides the sink. */
interface ReadContext {
  batchId: string;
  format: InputFormat;
  /** File name for messages and column resolution. */
  name: string;
  sheet?: string;
  map?: ColumnMap;
  /** Columns a stored batch was read with (a merge after a quarantine); else resolved from the header. */
  columns?: ResolvedColumns;
  source: SourceSystem;
  receivedAt: Date;
  resumeAfter: number;
  chunkSize: number;
  defaultCountry: string;
  rules: RulesConfig;
  merge: MergeRecords;
  engine: ImportEngine;
  blacklist: ImportStore['blacklist'];
  actor: string;
  now: Date;
  totalBytes: number;
  onProgress?: (progress: ImportProgress) => void;
  phase: ImportProgress['phase'];
  /** Called after each chunk is applied (online dedupe); true when it changed registry records. */
  afterApply?: (plan: ChunkPlan) => Promise<boolean>;
}

function readContext(
  options: ImportFileOptions,
  deps: ImportDeps,
  format: InputFormat,
  name: string,
  now: Date,
): Omit<ReadContext, 'batchId' | 'receivedAt' | 'resumeAfter'> {
  return {
    format,
    name,
    ...sheetOf(options),
    source: options.source,
    chunkSize: options.chunkSize ?? 5000,
    defaultCountry: (options.defaultCountry ?? 'CO').toUpperCase(),
    rules: options.rules ?? DEFAULT_RULES,
    merge: deps.merge ?? mergeSighting,
    engine: deps.engine,
    blacklist: deps.store.blacklist,
    actor: options.actor,
    now,
    totalBytes: 0,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    phase: 'import',
  };
}

/** What reading a batch's rows did. */
interface RowsRun {
  counts: ImportCounts;
  lastRow: number;
  headers: string[];
  /** Kept with the batch so that `reprocess` and a later merge read the lake copy the same way. */
  importOptions: Record<string, unknown>;
}

/**
 * Reads a batch's rows in chunks and plans each against the sink's registry (the store, or an
 * in-memory overlay), handing every plan to the sink: the one loop behind a dry run, the
 * `--gate` check and the merge.
 */
async function runRows(input: NodeJS.ReadableStream, ctx: ReadContext, sink: RowsSink): Promise<RowsRun> {
  const progress: ImportProgress = {
    rows: 0,
    bytesRead: 0,
    totalBytes: ctx.totalBytes,
    phase: ctx.phase,
  };
  const counted = input.pipe(
    new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        progress.bytesRead += chunk.length;
        callback(null, chunk);
      },
    }),
  );
  input.on('error', (error) => counted.destroy(error));

  const counts = createImportCounts();
  let columns = ctx.columns;
  let headers: string[] = [];
  let importOptions: Record<string, unknown> = columns ? optionsFor(columns, ctx) : {};
  let chunk: ImportCandidate[] = [];
  let lastRow = ctx.resumeAfter;

  // Chunks overlap: this thread reads, normalizes and plans chunk k and encrypts its writes
  // while the database writes chunk k-1. Chunk k's reads go out once every earlier write has
  // committed, but before chunk k-1's write (the embedded engine runs statements in the order
  // they arrive); its plan then lays chunk k-1's plan over what it read, so it sees every
  // earlier row. A write whose afterApply changed registry records (online dedupe merged some)
  // has the chunk after it read and planned again.
  const planCtx: PlanRowsContext = {
    batch_id: ctx.batchId,
    actor: ctx.actor,
    reason: 'import',
    rules: ctx.rules,
    now: ctx.now,
    merge: ctx.merge,
    defaultCountry: ctx.defaultCountry,
    engine: ctx.engine,
    blacklist: ctx.blacklist,
  };
  /** The chunk planned and not yet handed to the writer. */
  let planned: { rows: ImportCandidate[]; through: number; plan: ChunkPlan; state: ChunkState } | undefined;
  /** Every write handed over, in order; true when the last one's afterApply changed records. */
  let writing: Promise<boolean> = Promise.resolve(false);
  /** The plan the last chunk handed over is written with. */
  let lastPlan: Promise<ChunkPlan | undefined> = Promise.resolve(undefined);

  const handOver = (): void => {
    if (!planned) return;
    const { rows, through, plan, state } = planned;
    planned = undefined;
    const read = { headers, importOptions };
    let settle: { resolve(plan: ChunkPlan): void; reject(error: unknown): void } | undefined;
    const final = new Promise<ChunkPlan>((resolve, reject) => {
      settle = { resolve, reject };
    });
    final.catch(() => undefined);
    writing = writing.then(
      async (changed) => {
        let chosen = plan;
        let against = state;
        try {
          if (changed) {
            // The previous write's afterApply moved records under this plan: plan again.
            const reads = await readChunk(rows, sink, planCtx, { reserve: 'fresh' });
            chosen = planWithReads(rows, reads, planCtx);
            against = reads.state;
            sink.prepare?.(chosen);
          }
          settle?.resolve(chosen);
        } catch (error) {
          settle?.reject(error);
          throw error;
        }
        await sink.apply(chosen, through, read, against);
        addCounts(counts, chosen.counts);
        const moved = (await ctx.afterApply?.(chosen)) ?? false;
        progress.rows = through;
        ctx.onProgress?.(progress);
        return moved;
      },
      (error: unknown) => {
        settle?.reject(error);
        throw error;
      },
    );
    // Observed by the next chunk (or the end of the loop); never an unhandled rejection meanwhile.
    writing.catch(() => undefined);
    lastPlan = final;
  };

  const planNext = async (rows: ImportCandidate[], through: number): Promise<void> => {
    normalizeCandidates(rows, ctx);
    await writing;
    const reads = readChunk(rows, sink, planCtx, { reserve: 'every' });
    reads.catch(() => undefined);
    handOver();
    const previous = await lastPlan;
    const read = await reads;
    const state = previous ? overlayPlan(read.state, previous, rows) : read.state;
    const plan = planWithReads(rows, { ...read, state }, planCtx);
    // Encrypted and encoded now, while the database writes the chunk before.
    sink.prepare?.(plan);
    planned = { rows, through, plan, state };
  };

  const flush = async (): Promise<void> => {
    if (chunk.length === 0) return;
    const rows = chunk;
    chunk = [];
    await planNext(rows, lastRow);
  };

  try {
    for await (const row of readRecords(counted, {
      format: ctx.format,
      name: ctx.name,
      ...(ctx.sheet === undefined ? {} : { sheet: ctx.sheet }),
    })) {
      if (headers.length === 0 && !row.error) headers = Object.keys(row.fields);
      if (!columns && !row.error) {
        columns = resolveColumns(headers, ctx.map, ctx.name);
        importOptions = optionsFor(columns, ctx);
      }
      if (row.row <= ctx.resumeAfter) continue;
      if (!columns) {
        if (headers.length === 0) headers = Object.keys(row.fields);
        chunk.push(unreadable(row, ctx.source, ctx.receivedAt));
      } else chunk.push(readCandidate(row, columns, ctx.source, ctx.receivedAt));
      lastRow = row.row;
      if (chunk.length >= ctx.chunkSize) await flush();
    }
    await flush();
    handOver();
    await writing;
  } catch (error) {
    counted.destroy();
    // A chunk still being written finishes (committed or rolled back) before the caller
    // records the failure.
    await writing.catch(() => undefined);
    throw error;
  }
  return { counts, lastRow, headers, importOptions };
}

function optionsFor(columns: ResolvedColumns, ctx: ReadContext): Record<string, unknown> {
  return {
    columns,
    default_country: ctx.defaultCountry,
    ...(ctx.sheet === undefined ? {} : { sheet: ctx.sheet }),
  };
}

/**
 * The `--gate` check: the batch's rows planned against the registry as a dry run would (nothing
 * written), measured and judged; a failing batch is quarantined in one transaction (verdict,
 * status, audit row, event) and its planned rejects go to the rejects file.
 */
async function checkBatch(
  batch: BatchManifest,
  options: ImportFileOptions,
  deps: ImportDeps,
  gate: ImportGateOptions,
  quality: ImportQualityStore,
  now: Date,
  columns?: ResolvedColumns,
): Promise<{ quality: ImportQualitySummary; counts: ImportCounts }> {
  const checker = createBatchChecker(gate.suite, {
    source: batch.source,
    arrivedAt: batch.received_at,
    engine: deps.engine,
  });
  const rejects: RejectInput[] = [];
  const sink = dryRunSink(deps.store, async (planned) => {
    // Kept for the rejects file of a quarantined batch (up to a bound; the lake keeps them all).
    if (options.rejectsFile && rejects.length < MAX_HELD_REJECTS) rejects.push(...planned);
  });
  const observed = observedBy(checker, sink);
  const run = await runRows(
    deps.lake.open(batch.lake_path ?? '', batch.sha256 ? { sha256: batch.sha256 } : {}),
    {
      ...readContext(options, deps, (batch.format ?? 'csv') as InputFormat, basename(options.file), now),
      ...(options.map ? { map: options.map } : {}),
      ...(columns ? { columns } : {}),
      batchId: batch.batch_id,
      receivedAt: batch.received_at,
      resumeAfter: 0,
      totalBytes: batch.size_bytes ?? 0,
      phase: 'check',
    },
    observed,
  );
  const history = await readHistory(quality, { limit: 2000 });
  const check = judgeBatch(checker.result(), {
    batchId: batch.batch_id,
    source: batch.source,
    fileName: batch.file_name,
    suite: gate.suite,
    history,
  });
  const summary = qualitySummary(check, gate.suite);
  if (check.passed) return { quality: summary, counts: run.counts };

  const counts = { ...run.counts };
  const reason = `failed ${check.reason}`;
  await quality.quarantine.quarantine({
    batch_id: batch.batch_id,
    quarantined_by: options.actor,
    suite_file: gate.suite.file,
    reason,
    failures: check.failures,
    evaluation: check.evaluation as unknown as Record<string, unknown>,
    counts,
    batch: {
      status: 'quarantined',
      row_count: counts.received,
      checkpoint_row: 0,
      counts: { ...counts, options: { ...run.importOptions, gate: 'failed' } },
      error: `quarantined by its quality checks: ${reason}`,
    },
    audit: {
      phone_id: null,
      customer_id: null,
      operation: 'UPDATE',
      old_values: { batch_status: batch.status },
      new_values: { batch_status: 'quarantined', failed: check.failures.map((f) => f.expectation) },
      changed_by: options.actor,
      change_reason: `batch quarantined: ${reason}`,
      batch_id: batch.batch_id,
    },
    event: {
      topic: QUALITY_TOPIC,
      key: batch.batch_id,
      payload: {
        event: 'batch_quarantined',
        batch_id: batch.batch_id,
        source: batch.source,
        file_name: batch.file_name,
        failed: check.failures.map((f) => f.expectation),
        grade: check.evaluation.grade.grade,
        rows: counts.received,
      },
    },
  });
  if (options.rejectsFile) {
    const out = openRejectsWriter(options.rejectsFile, run.headers);
    try {
      for (const r of rejects) await out.write(r);
    } catch (error) {
      await out.abort();
      throw error;
    }
    await out.close();
  }
  return { quality: summary, counts };
}

/**
 * Runs a stored batch's checks again from its lake copy, with today's rules, metadata and the
 * given suite (how `reprocess` treats a quarantined batch). Nothing is merged: a batch that
 * still fails is quarantined again with the new verdict; one that passes is left for the
 * caller to merge (`mergeBatch`).
 *
 * @example
 * const { quality } = await recheckBatch(batch, { actor: 'ana', gate: { suite } }, deps);
 */
export async function recheckBatch(
  batch: BatchManifest,
  options: MergeBatchOptions & { gate: ImportGateOptions },
  deps: ImportDeps & { quality: ImportQualityStore },
): Promise<{ quality: ImportQualitySummary; counts: ImportCounts }> {
  const stored = optionsOf(batch) as { columns?: ResolvedColumns; default_country?: string; sheet?: string };
  return checkBatch(
    batch,
    {
      ...mergeOptions(batch, options),
      ...(stored.sheet === undefined ? {} : { sheet: stored.sheet }),
      ...(stored.default_country ? { defaultCountry: stored.default_country } : {}),
    },
    deps,
    options.gate,
    deps.quality,
    new Date(),
    stored.columns,
  );
}

/** A stored batch's merge or check options as import options. */
function mergeOptions(batch: BatchManifest, options: MergeBatchOptions): ImportFileOptions {
  return {
    file: batch.file_name ?? batch.batch_id,
    source: batch.source as SourceSystem,
    actor: options.actor,
    ...(options.rules ? { rules: options.rules } : {}),
    ...(options.chunkSize ? { chunkSize: options.chunkSize } : {}),
    ...(options.rejectsFile ? { rejectsFile: options.rejectsFile } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  };
}

/** A sink that also hands each chunk's plan, with the registry state it was made against, to the checker. */
function observedBy(checker: ReturnType<typeof createBatchChecker>, sink: RowsSink): RowsSink {
  return {
    load: (customers) => sink.load(customers),
    reserve: (count) => sink.reserve(count),
    async apply(plan, checkpointRow, read, state) {
      checker.addPlan(plan, state);
      await sink.apply(plan, checkpointRow, read, state);
    },
    ...(sink.prepare ? { prepare: (plan: ChunkPlan) => sink.prepare?.(plan) } : {}),
  };
}

/** The verdict of a batch's checks, for the summary. */
function qualitySummary(check: BatchCheck, suite: ExpectationSuite): ImportQualitySummary {
  return {
    passed: check.passed,
    grade: check.evaluation.grade.grade,
    suite_file: suite.file,
    failures: check.failures,
    reason: check.reason,
  };
}

/** Options of a merge of a batch's lake copy into the registry. */
export interface MergeBatchOptions {
  actor: string;
  rules?: RulesConfig;
  chunkSize?: number;
  /** Also write the batch's rejected rows (with reasons) to this CSV file. */
  rejectsFile?: string;
  onProgress?: (progress: ImportProgress) => void;
}

/**
 * Merges a batch that is already in the lake and the manifest into the registry: how
 * `import` merges after its checks, and how a quarantined batch is merged once accepted or
 * passed on a re-run. Reads the lake copy with the options the batch was read with, commits
 * chunk by chunk with checkpoints (resumable), and finishes with status `completed`, or
 * `accepted` for a batch accepted despite failing its checks.
 *
 * @example
 * const { status, counts } = await mergeBatch(batch, { actor: 'ana' }, deps);
 */
export async function mergeBatch(
  batch: BatchManifest,
  options: MergeBatchOptions,
  deps: ImportDeps,
): Promise<{ status: 'completed' | 'accepted'; counts: ImportCounts }> {
  return mergeRows(batch, mergeOptions(batch, options), deps, { now: new Date(), gate: gateStateOf(batch) });
}

async function mergeRows(
  batch: BatchManifest,
  options: ImportFileOptions,
  deps: ImportDeps,
  extra: { now: Date; map?: ColumnMap; gate: GateState | undefined },
): Promise<{ status: 'completed' | 'accepted'; counts: ImportCounts }> {
  const stored = optionsOf(batch) as { columns?: ResolvedColumns; default_country?: string; sheet?: string };
  const final = extra.gate === 'accepted' ? 'accepted' : 'completed';
  const gateOption = extra.gate ? { gate: extra.gate } : {};
  const committed = createImportCounts(batch.counts);
  let lastRow = batch.checkpoint_row;
  let options_: Record<string, unknown> = { ...stored, ...gateOption };
  const sink = storeSink(deps.store, batch.batch_id, () => options_);
  const writing: RowsSink = {
    load: (customers) => sink.load(customers),
    reserve: (count) => sink.reserve(count),
    prepare: (plan) => sink.prepare(plan),
    async apply(plan, checkpointRow, read) {
      options_ = { ...read.importOptions, ...gateOption };
      const total = createImportCounts({ ...committed });
      addCounts(total, plan.counts);
      await sink.apply(plan, checkpointRow, total);
      addCounts(committed, plan.counts);
      lastRow = checkpointRow;
    },
  };
  const sheet = options.sheet ?? stored.sheet;
  let headers: string[] = [];
  try {
    const run = await runRows(
      deps.lake.open(batch.lake_path ?? '', batch.sha256 ? { sha256: batch.sha256 } : {}),
      {
        ...readContext(
          { ...options, ...(sheet === undefined ? {} : { sheet }) },
          deps,
          (batch.format ?? 'csv') as InputFormat,
          batch.file_name ?? basename(options.file),
          extra.now,
        ),
        ...(extra.map ? { map: extra.map } : {}),
        ...(stored.columns ? { columns: stored.columns } : {}),
        ...(stored.default_country && !options.defaultCountry
          ? { defaultCountry: stored.default_country }
          : {}),
        batchId: batch.batch_id,
        receivedAt: batch.received_at,
        resumeAfter: batch.checkpoint_row,
        totalBytes: batch.size_bytes ?? 0,
        phase: 'import',
        ...(deps.online
          ? {
              afterApply: async (plan: ChunkPlan) => {
                if (plan.inserts.length === 0 || !deps.online) return false;
                const outcome = await deps.online.afterInsert(plan.inserts);
                return outcome.joined > 0;
              },
            }
          : {}),
      },
      writing,
    );
    headers = run.headers;
    if (Object.keys(run.importOptions).length > 0) options_ = { ...run.importOptions, ...gateOption };
  } catch (error) {
    await deps.store.batches
      .update(batch.batch_id, { status: 'failed', error: (error as Error).message })
      .catch(() => undefined);
    throw error;
  }
  await deps.store.batches.update(batch.batch_id, {
    status: final,
    row_count: committed.received,
    checkpoint_row: lastRow,
    counts: { ...committed, options: options_ },
    error: null,
  });
  if (options.rejectsFile) {
    // Read back from the store: an import resumed after a crash lists the rejects of every run.
    const out = openRejectsWriter(options.rejectsFile, headers);
    try {
      for await (const r of deps.store.rejects.iterateByBatch(batch.batch_id)) await out.write(r);
    } catch (error) {
      await out.abort();
      throw error;
    }
    await out.close();
  }
  return { status: final, counts: committed };
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
