import type { RulesConfig } from '../../core/rules/index.js';
import type { BlacklistRepository } from '../../store/blacklist.repository.js';
import type { ImportEngine } from './import-file.js';
import { type ChunkPlan, type ChunkState, type MergeRecords, planChunk } from './plan-chunk.js';
import type { ImportCandidate } from './read-candidate.js';

/** Where a chunk finds the registry: the store, or an in-memory overlay in a dry run. */
export interface ChunkSource {
  load(customers: string[]): Promise<ChunkState>;
  reserve(count: number): Promise<string[]>;
}

/** Everything `planRows` needs besides the rows. */
export interface PlanRowsContext {
  batch_id: string;
  /** Who sends the rows (OS user, PHONESET_ACTOR, or the API caller), for the audit trail. */
  actor: string;
  /** `change_reason` of the audit rows: `import`, `api`. */
  reason: string;
  rules: RulesConfig;
  now: Date;
  merge: MergeRecords;
  /** Country for numbers without one when the row names none. */
  defaultCountry: string;
  engine: ImportEngine;
  blacklist: Pick<BlacklistRepository, 'has'>;
}

/**
 * Runs the phone engine on every readable row that has no result yet (pure CPU; `planRows`
 * calls it too, so callers may run it early, e.g. while the previous chunk is written).
 *
 * @example
 * normalizeCandidates(rows, { engine, defaultCountry: 'CO' });
 */
export function normalizeCandidates(
  rows: ImportCandidate[],
  ctx: Pick<PlanRowsContext, 'engine' | 'defaultCountry'>,
): void {
  for (const c of rows) {
    if (c.readError !== null || c.result !== undefined) continue;
    c.result = ctx.engine.normalize(c.phone, { defaultCountry: c.country ?? ctx.defaultCountry });
  }
}

/** What a chunk's plan reads from the store. */
export interface ChunkReads {
  /** The chunk's numbers that are blacklisted. */
  listed: ReadonlySet<string>;
  /** Registry state of the chunk's customers. */
  state: ChunkState;
  /** Ids reserved for the chunk's new records. */
  ids: readonly string[];
}

/**
 * Issues every read a chunk's plan needs: blacklisted numbers (one query), the registry state
 * of its customers, and ids for its new records. `reserve: 'fresh'` reserves exactly as many
 * ids as the state shows new (customer, number) pairs, after the state is read; `'every'`
 * reserves one per distinct pair at once, so that all three go out together (an import issues
 * them ahead of the previous chunk's write; ids left unused are gaps in the sequence, nothing
 * more).
 *
 * @example
 * const reads = await readChunk(candidates, source, ctx, { reserve: 'fresh' });
 */
export async function readChunk(
  rows: ImportCandidate[],
  source: ChunkSource,
  ctx: PlanRowsContext,
  options: { reserve: 'fresh' | 'every' },
): Promise<ChunkReads> {
  const customers = new Set<string>();
  const numbers = new Set<string>();
  const keys = new Set<string>();
  normalizeCandidates(rows, ctx);
  for (const c of rows) {
    if (c.readError !== null) continue;
    if (c.customer_id) customers.add(c.customer_id);
    const e164 = c.result?.normalized;
    if (e164) numbers.add(e164);
    if (c.customer_id && e164) keys.add(`${c.customer_id}\u0000${e164}`);
  }
  const listing = numbers.size > 0 ? ctx.blacklist.has([...numbers]) : Promise.resolve(new Set<string>());
  const loading = source.load([...customers]);
  const reserving = options.reserve === 'every' ? source.reserve(keys.size) : undefined;
  const [listed, state] = await Promise.all([listing, loading]);
  if (reserving) return { listed, state, ids: await reserving };
  for (const r of state.records) keys.delete(`${r.customer_id}\u0000${r.phone_number}`);
  return { listed, state, ids: await source.reserve(keys.size) };
}

/**
 * A chunk's state with the previous chunk's plan laid over it: the records that plan inserted
 * or updated for the chunk's customers replace what was read, and what it saw in this batch
 * counts as seen. For a chunk whose reads went out before the previous chunk was written.
 *
 * @example
 * const state = overlayPlan(reads.state, previousPlan, candidates);
 */
export function overlayPlan(
  state: ChunkState,
  previous: ChunkPlan,
  rows: readonly ImportCandidate[],
): ChunkState {
  const customers = new Set<string>();
  for (const c of rows) if (c.readError === null && c.customer_id) customers.add(c.customer_id);
  const records = new Map(state.records.map((r) => [r.phone_id, r]));
  for (const r of previous.inserts) if (customers.has(r.customer_id)) records.set(r.phone_id, r);
  for (const r of previous.updates) if (customers.has(r.customer_id)) records.set(r.phone_id, r);
  const seen = new Set(state.seenInBatch);
  for (const l of previous.lineage) if (records.has(l.phone_id)) seen.add(l.phone_id);
  return { records: [...records.values()], seenInBatch: seen };
}

/**
 * Plans a chunk from its reads (`planChunk`: rules, within-batch duplicates, limit and single
 * primary, survivorship, audit rows, events, lineage, rejects).
 *
 * @example
 * const plan = planWithReads(candidates, reads, ctx);
 */
export function planWithReads(rows: ImportCandidate[], reads: ChunkReads, ctx: PlanRowsContext): ChunkPlan {
  const { listed, ids } = reads;
  let nextId = 0;
  return planChunk(rows, reads.state, {
    batch_id: ctx.batch_id,
    actor: ctx.actor,
    reason: ctx.reason,
    rules: ctx.rules,
    now: ctx.now,
    merge: ctx.merge,
    isBlacklisted: (e164) => listed.has(e164),
    newId: () => {
      const id = ids[nextId++];
      if (id === undefined) throw new Error('planChunk asked for more ids than reserved');
      return id;
    },
  });
}

/**
 * One chunk of source rows through the pipeline, as a file import and the API both run it:
 * normalize each readable row, look the numbers up in the blacklist (one query), load the
 * registry state of the chunk's customers, reserve ids for the new (customer, number) pairs,
 * then `planChunk` (rules, within-batch duplicates, limit and single primary, survivorship,
 * audit rows, events, lineage, rejects). The caller applies the plan with `Store.applyChanges`.
 *
 * @example
 * const plan = await planRows(candidates, storeSink(store, batchId), { batch_id, actor, reason: 'import', … });
 * await store.applyChanges(plan);
 */
export async function planRows(
  rows: ImportCandidate[],
  source: ChunkSource,
  ctx: PlanRowsContext,
): Promise<ChunkPlan> {
  return planWithReads(rows, await readChunk(rows, source, ctx, { reserve: 'fresh' }), ctx);
}
