import { dedupeRecords } from '../../core/dedupe/dedupe-records.js';
import type { MatchModel } from '../../core/dedupe/match-model.js';
import { type DedupeConfigInput, resolveDedupeConfig } from '../../core/dedupe/resolve-dedupe-config.js';
import type { LabelledPair } from '../../core/dedupe/train-model.js';
import type { PhoneRecord } from '../../core/registry/phone-record.js';
import { collectGarbage } from '../../runtime/collect-garbage.js';
import type { DedupeStore } from './dedupe-ports.js';
import { loadRegistry } from './load-registry.js';
import { planMerge } from './plan-merge.js';
import { resolveClusters } from './resolve-clusters.js';

export interface DedupeRunOptions {
  /** Only this customer's records, scored with the saved model when there is one. */
  customerId?: string;
  /** Find and report, write nothing (no model, no merge, no review queue). */
  dryRun?: boolean;
  actor: string;
  config?: DedupeConfigInput;
  /** Also read the source_record_ids of group members from lineage (for `--json`). Default true. */
  sourceRecordIds?: boolean;
}

/** One duplicate group as `phoneset dedupe --json` prints it. */
export interface DedupeGroupSummary {
  cluster_id: string;
  customer_id: string;
  master_id: string;
  phone_ids: string[];
  /** phone id → the ids the sources gave the rows behind it (lineage). */
  source_record_ids: Record<string, string[]>;
  /** Weakest accepted link of the group: every link is at least this probable. */
  probability: number;
  links: { a: string; b: string; probability: number }[];
}

/** The outcome of one dedupe run. */
export interface DedupeRunSummary {
  status: 'merged' | 'dry_run';
  records: number;
  customers: number;
  candidate_pairs: number;
  groups: number;
  /** Records merged into a master (0 on a dry run; `would_merge` says how many would be). */
  merged_records: number;
  would_merge: number;
  merge_id: string | null;
  model_version: string | null;
  model: Pick<MatchModel, 'lambda' | 'iterations' | 'converged' | 'trainedPairs' | 'labelledPairs'>;
  review_pairs: number;
  review_queued: number;
  shared_numbers: number;
  oversized_blocks: number;
  seconds: number;
  timings_ms: Record<string, number>;
  duplicate_groups: DedupeGroupSummary[];
}

/**
 * The labels people gave in the review queue, as pairs of records for training.
 *
 * @example
 * const labels = await loadLabels(store);
 */
export async function loadLabels(store: Pick<DedupeStore, 'merges' | 'reviews'>): Promise<LabelledPair[]> {
  const decided = await store.reviews.decided();
  if (decided.length === 0) return [];
  const byId = new Map(
    (await store.merges.getMany([...new Set(decided.flatMap((d) => [d.phone_a, d.phone_b]))])).map((r) => [
      r.phone_id,
      r,
    ]),
  );
  const labels: LabelledPair[] = [];
  for (const d of decided) {
    const a = byId.get(d.phone_a);
    const b = byId.get(d.phone_b);
    if (a && b) labels.push({ a, b, match: d.status === 'accepted' });
  }
  return labels;
}

/**
 * `phoneset dedupe`: streams the live registry, trains the match model by EM (with the
 * review queue's labels), scores and clusters candidate pairs, then, unless a dry run,
 * saves the model with a new version, merges every group as one merge set (audited, with
 * events and before-images for undo) and queues the pairs between the thresholds for review.
 *
 * @example
 * const summary = await runDedupe(store, { actor: 'ana' });
 * console.log(`Found ${summary.groups} duplicate groups`);
 */
export async function runDedupe(store: DedupeStore, options: DedupeRunOptions): Promise<DedupeRunSummary> {
  const started = performance.now();
  const config = resolveDedupeConfig(options.config);
  const timings: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string): void => {
    const n = performance.now();
    timings[name] = Math.round(n - t);
    t = n;
  };
  let records = await loadRegistry(
    store,
    options.customerId !== undefined ? { customerId: options.customerId } : {},
  );
  lap('load');
  // One customer's records are far too few to estimate a model: a scoped run scores with the
  // saved model when there is one, and trains (and saves) only when there is none.
  const saved = options.customerId !== undefined ? await store.merges.latestModel() : undefined;
  const labels = saved ? [] : await loadLabels(store);
  const result = dedupeRecords(records, saved ? { config, model: saved.model } : { config, labels });
  for (const [k, v] of Object.entries(result.stats.timingsMs)) timings[k] = Math.round(v);
  t = performance.now();

  const dryRun = options.dryRun ?? false;
  let modelVersion: string | null = saved?.version ?? null;
  let mergeId: string | null = null;
  let merged = 0;
  let queued = 0;
  const slim = new Map<string, PhoneRecord>();
  const customerIds = options.customerId !== undefined ? [options.customerId] : undefined;
  const existingMasters = await store.merges.mastersWithMembers(customerIds);
  const inGroups = new Set(result.groups.flatMap((g) => g.memberIds));
  for (const r of records) if (inGroups.has(r.phone_id)) slim.set(r.phone_id, r);
  // The registry in memory is not needed past this point: let it go before the write phase
  // reads the merged records in full.
  records = [];
  collectGarbage();
  const clusters = resolveClusters(result.groups, slim, existingMasters, config);
  lap('resolve');

  if (!dryRun) {
    modelVersion = saved ? saved.version : await store.merges.saveModel(result.model, config, options.actor);
    if (clusters.length > 0) {
      const ids = clusters.flatMap((c) => c.memberIds);
      const full = new Map((await store.merges.getMany(ids)).map((r) => [r.phone_id, r]));
      const absorbed = clusters.flatMap((c) =>
        c.memberIds.filter((id) => id !== c.masterId && existingMasters.has(id)),
      );
      const followersOf = new Map<string, PhoneRecord[]>();
      for (const f of await store.merges.followers(absorbed)) {
        const list = followersOf.get(f.merged_into as string) ?? [];
        list.push(f);
        followersOf.set(f.merged_into as string, list);
      }
      const plan = planMerge(clusters, full, followersOf, { actor: options.actor, reason: 'dedupe', config });
      mergeId = await store.merges.apply({
        kind: 'batch',
        model_version: modelVersion,
        actor: options.actor,
        groups: plan.groups,
        merged_records: plan.mergedRecords,
        members: plan.members,
        audits: plan.audits,
        outbox: plan.outbox,
      });
      merged = plan.mergedRecords;
    }
    queued = await store.reviews.enqueue(
      result.reviewPairs.map((p) => ({
        customer_id: p.customerId,
        phone_a: p.a,
        phone_b: p.b,
        probability: p.probability,
        weight: p.weight,
        reason: p.reason,
        model_version: modelVersion,
      })),
    );
    lap('write');
  }

  const sourceIds =
    options.sourceRecordIds === false
      ? new Map<string, string[]>()
      : await store.merges.sourceRecordIds(clusters.flatMap((c) => c.memberIds));
  const duplicate_groups: DedupeGroupSummary[] = result.groups.map((g, i) => {
    const c = clusters[i] as (typeof clusters)[number];
    const source_record_ids: Record<string, string[]> = {};
    for (const id of g.memberIds) source_record_ids[id] = sourceIds.get(id) ?? [];
    return {
      cluster_id: c.masterId,
      customer_id: g.customerId,
      master_id: c.masterId,
      phone_ids: g.memberIds,
      source_record_ids,
      probability: Math.min(...g.pairs.map((p) => p.probability)),
      links: g.pairs,
    };
  });
  const m = result.model;
  return {
    status: dryRun ? 'dry_run' : 'merged',
    records: result.stats.records,
    customers: result.stats.customers,
    candidate_pairs: result.stats.candidatePairs,
    groups: result.stats.groups,
    merged_records: merged,
    would_merge: result.stats.mergedRecords,
    merge_id: mergeId,
    model_version: modelVersion,
    model: {
      lambda: m.lambda,
      iterations: m.iterations,
      converged: m.converged,
      trainedPairs: m.trainedPairs,
      labelledPairs: m.labelledPairs,
    },
    review_pairs: result.reviewPairs.length,
    review_queued: queued,
    shared_numbers: result.sharedNumbers.length,
    oversized_blocks: result.oversizedBlocks.length,
    seconds: (performance.now() - started) / 1000,
    timings_ms: timings,
    duplicate_groups,
  };
}
