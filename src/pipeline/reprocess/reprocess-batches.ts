import { PhonesetError } from '../../core/errors.js';
import type { PhoneRecord } from '../../core/registry/phone-record.js';
import { DEFAULT_RULES, evaluateRow, type RulesConfig } from '../../core/rules/index.js';
import type { AuditEntry } from '../../store/audit.repository.js';
import type { BatchManifest, BatchRepository } from '../../store/batch.repository.js';
import type { LineageRepository } from '../../store/lineage.repository.js';
import type { OutboxEventInput } from '../../store/outbox.repository.js';
import { readRecords } from '../formats/read-records.js';
import type { InputFormat } from '../formats/record-format.js';
import type { ResolvedColumns } from '../formats/resolve-columns.js';
import { resolveColumns } from '../formats/resolve-columns.js';
import type { ImportEngine } from '../import/import-file.js';
import type { ImportLake, ImportStore } from '../import/import-ports.js';
import { mergeSighting } from '../import/merge-sighting.js';
import { CHANGE_TOPIC, candidateRecord, type MergeRecords, planChunk } from '../import/plan-chunk.js';
import { type ImportCandidate, readCandidate } from '../import/read-candidate.js';

/** How a row's verdict moved between its import and today. */
export type ReprocessChangeKind = 'newly_valid' | 'newly_invalid' | 'different_e164' | 'different_type';

/** One row whose verdict changed. */
export interface ReprocessChange {
  batch_id: string;
  row: number;
  kind: ReprocessChangeKind;
  customer_id: string | null;
  /** What the registry held for the row (E.164, type, valid), or null when it was rejected. */
  before: { phone_number: string; phone_type: string; is_valid: boolean } | null;
  /** Today's verdict (null E.164 when no number is read), with the reasons when rejected. */
  after: { phone_number: string | null; phone_type: string; is_valid: boolean; reasons: string[] };
}

export interface ReprocessSummary {
  batches: number;
  rows: number;
  unchanged: number;
  newly_valid: number;
  newly_invalid: number;
  different_e164: number;
  different_type: number;
  /** Changes were written (audited, reason `reprocess`); false on a dry run. */
  applied: boolean;
  /** The first changes, for review (all are counted above). */
  changes: ReprocessChange[];
  metadata_version: string | null;
}

/** What reprocessing needs of the store. */
export interface ReprocessStore extends ImportStore {
  readonly batches: ImportStore['batches'] & Pick<BatchRepository, 'list'>;
  readonly lineage: Pick<LineageRepository, 'phoneIdsOfRows'>;
}

export interface ReprocessDeps {
  store: ReprocessStore;
  lake: Pick<ImportLake, 'open'>;
  engine: ImportEngine & { metadataVersion?: string };
  merge?: MergeRecords;
}

export interface ReprocessOptions {
  /** Batch ids, or `all` for every completed batch. */
  batches: readonly string[] | 'all';
  dryRun?: boolean;
  actor: string;
  rules?: RulesConfig;
  chunkSize?: number;
  /** How many changes to keep in the summary. Default 100. */
  keepChanges?: number;
}

const ENGINE_FIELDS = [
  'phone_type',
  'is_valid',
  'carrier',
  'region',
  'timezone',
  'confidence_score',
  'issues',
] as const;

/**
 * Re-runs batches from their lake copy through today's rules and numbering-plan metadata and
 * reports every row whose verdict moved: newly valid (rejected then, accepted now), newly
 * invalid (accepted then, rejected now), a different E.164, or a different type or validity.
 * Unless `dryRun`, it applies them: newly valid rows and new E.164s enter the registry as an
 * import would; records whose type or validity moved get today's values; records whose row is
 * now rejected keep their place but carry the new reason codes in `issues` and lose validity
 * (a reviewer decides on deletion). Every change is audited with reason `reprocess`.
 *
 * @example
 * const summary = await reprocessBatches({ batches: 'all', dryRun: true, actor: 'ana' }, deps);
 */
export async function reprocessBatches(
  options: ReprocessOptions,
  deps: ReprocessDeps,
): Promise<ReprocessSummary> {
  const summary: ReprocessSummary = {
    batches: 0,
    rows: 0,
    unchanged: 0,
    newly_valid: 0,
    newly_invalid: 0,
    different_e164: 0,
    different_type: 0,
    applied: !options.dryRun,
    changes: [],
    metadata_version: deps.engine.metadataVersion ?? null,
  };
  const batches: BatchManifest[] = [];
  if (options.batches === 'all') {
    batches.push(...(await deps.store.batches.list({ limit: 100_000, status: 'completed' })).reverse());
  } else {
    for (const id of options.batches) {
      const batch = await deps.store.batches.get(id);
      if (!batch) throw new PhonesetError('STORE_NOT_FOUND', { what: 'Batch', id });
      batches.push(batch);
    }
  }
  for (const batch of batches) {
    await reprocessOne(batch, options, deps, summary);
    summary.batches++;
  }
  return summary;
}

async function reprocessOne(
  batch: BatchManifest,
  options: ReprocessOptions,
  deps: ReprocessDeps,
  summary: ReprocessSummary,
): Promise<void> {
  if (!batch.lake_path || !batch.sha256) {
    throw new PhonesetError('LAKE_NOT_FOUND', { path: `batch ${batch.batch_id} has no lake copy` });
  }
  const stored = (batch.counts.options ?? {}) as {
    columns?: ResolvedColumns;
    default_country?: string;
    sheet?: string;
  };
  const rules = options.rules ?? DEFAULT_RULES;
  const defaultCountry = stored.default_country ?? 'CO';
  const source = batch.source as ImportCandidate['source'];
  const now = new Date();
  const keep = options.keepChanges ?? 100;
  let columns = stored.columns;
  let chunk: ImportCandidate[] = [];

  const flush = async (): Promise<void> => {
    const rows = chunk;
    chunk = [];
    if (rows.length === 0) return;
    const numbers = new Set<string>();
    for (const c of rows) {
      if (c.readError !== null) continue;
      c.result = deps.engine.normalize(c.phone, { defaultCountry: c.country ?? defaultCountry });
      if (c.result.normalized) numbers.add(c.result.normalized);
    }
    const listed = numbers.size > 0 ? await deps.store.blacklist.has([...numbers]) : new Set<string>();
    const isBlacklisted = (e164: string) => listed.has(e164);
    const customers = [...new Set(rows.map((c) => c.customer_id).filter((c): c is string => !!c))];
    const records = await deps.store.phones.listByCustomers(customers);
    const byId = new Map(records.map((r) => [r.phone_id, r]));
    const ofRow = await deps.store.lineage.phoneIdsOfRows(
      batch.batch_id,
      rows.map((c) => c.row),
    );

    const enter: ImportCandidate[] = [];
    const updates = new Map<string, PhoneRecord>();
    const audits: AuditEntry[] = [];
    const outbox: OutboxEventInput[] = [];
    const report = (change: ReprocessChange) => {
      summary[change.kind]++;
      if (summary.changes.length < keep) summary.changes.push(change);
    };
    const rewrite = (old: PhoneRecord, next: PhoneRecord, why: string) => {
      const fields = ENGINE_FIELDS.filter((f) => JSON.stringify(old[f]) !== JSON.stringify(next[f]));
      if (fields.length === 0) return;
      const pick = (r: PhoneRecord) => Object.fromEntries(fields.map((f) => [f, r[f]]));
      updates.set(next.phone_id, next);
      audits.push({
        phone_id: next.phone_id,
        customer_id: next.customer_id,
        operation: 'UPDATE',
        old_values: pick(old),
        new_values: pick(next),
        changed_by: options.actor,
        change_reason: why,
        batch_id: batch.batch_id,
      });
      outbox.push({
        topic: CHANGE_TOPIC,
        key: next.customer_id,
        payload: {
          operation: 'UPDATE',
          phone_id: next.phone_id,
          customer_id: next.customer_id,
          reason: why,
          changes: pick(next),
        },
      });
    };

    for (const c of rows) {
      summary.rows++;
      const id = ofRow.get(c.row);
      const before = id ? byId.get(id) : undefined;
      const result = c.result;
      const verdict = result ? evaluateRow(c, result, { isBlacklisted }, rules) : undefined;
      const reasons = verdict
        ? verdict.violations.filter((v) => v.action === 'reject').map((v) => v.code)
        : ['INPUT_BAD_ROW'];
      const accepted = !!verdict?.accepted && !!result?.normalized && !!c.customer_id;
      const flags = verdict?.violations.filter((v) => v.action === 'flag').map((v) => v.code) ?? [];
      const after = {
        phone_number: result?.normalized ?? null,
        phone_type: result?.type ?? 'unknown',
        is_valid: result?.is_valid ?? false,
        reasons,
      };
      const was = before
        ? { phone_number: before.phone_number, phone_type: before.phone_type, is_valid: before.is_valid }
        : null;
      const base = { batch_id: batch.batch_id, row: c.row, customer_id: c.customer_id, before: was, after };
      if (!before) {
        if (accepted) {
          report({ ...base, kind: 'newly_valid' });
          enter.push(c);
        } else summary.unchanged++;
        continue;
      }
      if (!accepted) {
        report({ ...base, kind: 'newly_invalid' });
        const next = { ...before, is_valid: false, issues: [...new Set([...before.issues, ...reasons])] };
        rewrite(before, next, `reprocess: now rejected (${reasons.join(', ')})`);
        continue;
      }
      const incoming = candidateRecord(c, flags, now);
      if (incoming.phone_number !== before.phone_number) {
        report({ ...base, kind: 'different_e164' });
        enter.push(c);
        continue;
      }
      if (incoming.phone_type !== before.phone_type || incoming.is_valid !== before.is_valid) {
        report({ ...base, after: { ...after, phone_type: incoming.phone_type }, kind: 'different_type' });
        // Today's metadata replaces the engine's verdict; sources, verification and primary stay.
        const next = { ...before };
        for (const f of ENGINE_FIELDS) (next as Record<string, unknown>)[f] = incoming[f];
        rewrite(before, next, 'reprocess');
        continue;
      }
      summary.unchanged++;
    }

    if (options.dryRun) return;
    const ids = await deps.store.phones.reserveIds(enter.length);
    let next = 0;
    const planned = planChunk(
      enter,
      { records: records.map((r) => updates.get(r.phone_id) ?? r), seenInBatch: new Set() },
      {
        batch_id: batch.batch_id,
        actor: options.actor,
        reason: 'reprocess',
        rules,
        now,
        merge: deps.merge ?? mergeSighting,
        isBlacklisted,
        newId: () => ids[next++] as string,
      },
    );
    for (const u of planned.updates) updates.set(u.phone_id, u);
    await deps.store.applyChanges({
      inserts: planned.inserts,
      updates: [...updates.values()],
      lineage: planned.lineage,
      audits: [...audits, ...planned.audits],
      outbox: [...outbox, ...planned.outbox],
    });
  };

  const format = (batch.format ?? 'csv') as InputFormat;
  const input = deps.lake.open(batch.lake_path, { sha256: batch.sha256 });
  const readOptions = {
    format,
    name: batch.file_name ?? batch.batch_id,
    ...(stored.sheet ? { sheet: stored.sheet } : {}),
  };
  for await (const row of readRecords(input, readOptions)) {
    if (!columns && !row.error) columns = resolveColumns(Object.keys(row.fields), {}, readOptions.name);
    if (!columns || row.error) {
      summary.rows++;
      summary.unchanged++;
      continue;
    }
    chunk.push(readCandidate(row, columns, source, batch.received_at));
    if (chunk.length >= (options.chunkSize ?? 5000)) await flush();
  }
  await flush();
}
