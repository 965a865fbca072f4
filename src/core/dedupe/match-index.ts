import type { PhoneRecord } from '../registry/phone-record.js';
import { clusterPairs } from './cluster-pairs.js';
import { compareCandidates } from './compare-candidates.js';
import { comparePair } from './compare-pair.js';
import { compareSurvivorship } from './compare-survivorship.js';
import { COMPARISON_COUNT } from './comparison-schema.js';
import type { DedupeConfig } from './dedupe-config.js';
import { generateCandidatePairs } from './generate-candidate-pairs.js';
import type { MatchModel } from './match-model.js';
import { modelWeights } from './model-weights.js';
import { prepareRecords } from './prepare-records.js';
import { probabilityFromWeight } from './probability-from-weight.js';
import { type RecordFeatures, recordFeatures } from './record-features.js';
import { type DedupeConfigInput, resolveDedupeConfig } from './resolve-dedupe-config.js';
import { scorePairs } from './score-pairs.js';
import { termFrequencyWeight } from './term-frequency-weight.js';
import { createUnionFind, type UnionFind } from './union-find.js';

/** An in-memory index of registry records and their clusters, for matching one record at a time. */
export interface MatchIndex {
  readonly model: MatchModel;
  readonly config: DedupeConfig;
  readonly records: PhoneRecord[];
  readonly features: RecordFeatures[];
  readonly byCustomer: Map<string, number[]>;
  readonly numberCounts: Map<string, number>;
  /** E.164 → customers holding it, in order of arrival. */
  readonly holders: Map<string, string[]>;
  readonly clusters: UnionFind;
  /** Cluster root → index of its master record. */
  readonly masterOf: Map<number, number>;
  readonly prior: number;
  readonly levelWeights: number[][];
}

/**
 * Builds the online index from the existing registry: runs the batch engine once with the
 * given model (clusters and masters as `dedupeRecords` would find them), then keeps
 * customers, number frequencies and clusters in memory for `matchRecord`.
 *
 * @example
 * const index = createMatchIndex(records, model);
 * matchRecord(index, incoming).clusterId
 */
export function createMatchIndex(
  records: readonly PhoneRecord[],
  model: MatchModel,
  configInput: DedupeConfigInput = {},
): MatchIndex {
  const config = resolveDedupeConfig(configInput);
  const prepared = prepareRecords(records);
  const pairs = generateCandidatePairs(prepared, config);
  const scored = scorePairs(prepared, pairs, compareCandidates(prepared, pairs), model, config);
  const clusters = createUnionFind(prepared.records.length);
  for (let p = 0; p < scored.probability.length; p++) {
    if ((scored.probability[p] as number) >= config.autoMergeThreshold)
      clusters.union(scored.a[p] as number, scored.b[p] as number);
  }
  const positionOf = new Map<string, number>();
  prepared.records.forEach((r, i) => {
    positionOf.set(r.phone_id, i);
  });
  const masterOf = new Map<number, number>();
  for (const g of clusterPairs(prepared.records, scored, config)) {
    const m = positionOf.get(g.masterId) as number;
    masterOf.set(clusters.find(m), m);
  }
  const byCustomer = new Map<string, number[]>();
  const holders = new Map<string, string[]>();
  prepared.records.forEach((r, i) => {
    const list = byCustomer.get(r.customer_id);
    if (list) list.push(i);
    else byCustomer.set(r.customer_id, [i]);
    addHolder(holders, r);
  });
  const w = modelWeights(model);
  return {
    model,
    config,
    records: prepared.records,
    features: prepared.features,
    byCustomer,
    numberCounts: prepared.numberCounts,
    holders,
    clusters,
    masterOf,
    prior: w.prior,
    levelWeights: w.levels,
  };
}

/** What happened to one incoming record. */
export interface MatchOutcome {
  phoneId: string;
  /** The cluster the record now belongs to: the master's phone id (its own id for a new cluster). */
  clusterId: string;
  masterId: string;
  /** True when it joined an existing cluster. */
  joined: boolean;
  /** Best link probability to an existing record of the customer (0 when the customer is new). */
  probability: number;
  /** Links at or above the review threshold, best first. */
  links: { phoneId: string; probability: number; decision: 'auto_merge' | 'review' }[];
  /** Other clusters the record bridged into this one (their former master ids). */
  absorbedClusterIds: string[];
  /** Other customers already holding the same E.164 (a shared number, never merged). */
  sharedWith: string[];
}

/**
 * Matches one new record against the index and adds it: it joins the cluster of every
 * existing record it links to at or above the auto-merge threshold (keeping that cluster's
 * master, so cluster ids stay stable), or starts its own cluster. Costs a handful of
 * comparisons: only the customer's own records are candidates.
 *
 * @example
 * const outcome = matchRecord(index, record);
 * outcome.joined ? `joins ${outcome.clusterId}` : 'new cluster'
 */
export function matchRecord(index: MatchIndex, record: PhoneRecord): MatchOutcome {
  const { config, records, features, clusters, masterOf } = index;
  const f = recordFeatures(record);
  const candidates = index.byCustomer.get(record.customer_id) ?? [];
  const count = (index.numberCounts.get(record.phone_number) ?? 0) + 1;
  index.numberCounts.set(record.phone_number, count);
  const tf = { counts: index.numberCounts, total: records.length + 1 };
  const levels = new Uint8Array(COMPARISON_COUNT);
  const links: MatchOutcome['links'] = [];
  const linkedRoots = new Set<number>();
  let best = 0;
  for (const i of candidates) {
    comparePair(features[i] as RecordFeatures, f, levels);
    let weight = index.prior;
    for (let c = 0; c < COMPARISON_COUNT; c++)
      weight += (index.levelWeights[c] as number[])[levels[c] as number] as number;
    const other = records[i] as PhoneRecord;
    weight += termFrequencyWeight(
      index.model,
      levels[0] as number,
      other.phone_number,
      record.phone_number,
      tf,
      config,
    );
    const p = probabilityFromWeight(weight);
    if (p > best) best = p;
    if (p >= config.autoMergeThreshold) {
      links.push({ phoneId: other.phone_id, probability: p, decision: 'auto_merge' });
      linkedRoots.add(clusters.find(i));
    } else if (p >= config.reviewThreshold) {
      links.push({ phoneId: other.phone_id, probability: p, decision: 'review' });
    }
  }
  links.sort((x, y) => y.probability - x.probability || (x.phoneId < y.phoneId ? -1 : 1));

  const pos = clusters.add();
  records.push(record);
  features.push(f);
  if (candidates.length) candidates.push(pos);
  else index.byCustomer.set(record.customer_id, [pos]);

  // Masters of the linked clusters (a singleton is its own master); the best survives.
  const masters = [...linkedRoots].map((r) => masterOf.get(r) ?? r);
  masters.sort((x, y) => compareSurvivorship(records[x] as PhoneRecord, records[y] as PhoneRecord, config));
  for (const r of linkedRoots) {
    masterOf.delete(r);
    clusters.union(pos, r);
  }
  const master = masters[0] ?? pos;
  if (linkedRoots.size) masterOf.set(clusters.find(pos), master);
  const masterRecord = records[master] as PhoneRecord;
  const sharedWith = new Set(
    (index.holders.get(record.phone_number) ?? []).filter((c) => c !== record.customer_id),
  );
  addHolder(index.holders, record);
  return {
    phoneId: record.phone_id,
    clusterId: masterRecord.phone_id,
    masterId: masterRecord.phone_id,
    joined: linkedRoots.size > 0,
    probability: best,
    links,
    absorbedClusterIds: masters.slice(1).map((m) => (records[m] as PhoneRecord).phone_id),
    sharedWith: [...sharedWith].sort(),
  };
}

function addHolder(holders: Map<string, string[]>, r: PhoneRecord): void {
  const list = holders.get(r.phone_number);
  if (!list) holders.set(r.phone_number, [r.customer_id]);
  else if (!list.includes(r.customer_id)) list.push(r.customer_id);
}

/**
 * The index's current clusters of two or more records, as sorted phone-id lists.
 *
 * @example
 * indexClusters(index) // [['p1', 'p7'], …]
 */
export function indexClusters(index: MatchIndex): string[][] {
  const byRoot = new Map<number, string[]>();
  index.records.forEach((r, i) => {
    const root = index.clusters.find(i);
    const list = byRoot.get(root);
    if (list) list.push(r.phone_id);
    else byRoot.set(root, [r.phone_id]);
  });
  return [...byRoot.values()]
    .filter((c) => c.length > 1)
    .map((c) => c.sort())
    .sort((x, y) => ((x[0] as string) < (y[0] as string) ? -1 : 1));
}
