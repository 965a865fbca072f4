import type { PhoneRecord } from '../../core/registry/phone-record.js';
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
  const customers = new Set<string>();
  const numbers = new Set<string>();
  normalizeCandidates(rows, ctx);
  for (const c of rows) {
    if (c.readError !== null) continue;
    if (c.customer_id) customers.add(c.customer_id);
    if (c.result?.normalized) numbers.add(c.result.normalized);
  }
  const listed = numbers.size > 0 ? await ctx.blacklist.has([...numbers]) : new Set<string>();
  const state = await source.load([...customers]);
  const known = new Set(state.records.map((r: PhoneRecord) => `${r.customer_id}\u0000${r.phone_number}`));
  const fresh = new Set<string>();
  for (const c of rows) {
    const key = `${c.customer_id}\u0000${c.result?.normalized}`;
    if (c.customer_id && c.result?.normalized && !known.has(key)) fresh.add(key);
  }
  const ids = await source.reserve(fresh.size);
  let nextId = 0;
  return planChunk(rows, state, {
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
