import type { PhoneRecord } from '../registry/phone-record.js';
import { clusterPairs } from './cluster-pairs.js';
import { compareCandidates } from './compare-candidates.js';
import { compareLinks } from './compare-links.js';
import { compareNumbers, NUMBER_LEVEL } from './compare-numbers.js';
import { comparePair } from './compare-pair.js';
import { compareSurvivorship } from './compare-survivorship.js';
import { COMPARISON_COUNT } from './comparison-schema.js';
import { conflicts } from './conflicts.js';
import type { DedupeConfig } from './dedupe-config.js';
import { generateCandidatePairs } from './generate-candidate-pairs.js';
import type { MatchModel } from './match-model.js';
import { modelWeights } from './model-weights.js';
import { pairKey } from './pair-key.js';
import { prepareRecords } from './prepare-records.js';
import { probabilityFromWeight } from './probability-from-weight.js';
import { type RecordFeatures, recordFeatures } from './record-features.js';
import { type DedupeConfigInput, resolveDedupeConfig } from './resolve-dedupe-config.js';
import { scorePairs } from './score-pairs.js';
import { termFrequencyWeight } from './term-frequency-weight.js';

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
  /** pairKey → probability of every scored pair (candidates only). */
  readonly scoreOf: Map<number, number>;
  /** Position → position of its cluster's master (absent for records in no cluster). */
  readonly masterOf: Map<number, number>;
  readonly prior: number;
  readonly levelWeights: number[][];
}

/**
 * Builds the online index from the existing registry: runs the batch engine once with the
 * given model (clusters and masters as `dedupeRecords` would find them), then keeps
 * customers, pair scores, number frequencies and clusters in memory for `matchRecord`.
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
  const scoreOf = new Map<number, number>();
  for (let p = 0; p < scored.probability.length; p++) {
    scoreOf.set(pairKey(scored.a[p] as number, scored.b[p] as number), scored.probability[p] as number);
  }
  const positionOf = new Map<string, number>();
  prepared.records.forEach((r, i) => {
    positionOf.set(r.phone_id, i);
  });
  const masterOf = new Map<number, number>();
  for (const g of clusterPairs(prepared.records, scored, config).groups) {
    const master = positionOf.get(g.masterId) as number;
    for (const id of g.memberIds) masterOf.set(positionOf.get(id) as number, master);
  }
  const byCustomer = new Map<string, number[]>();
  const holders = new Map<string, string[]>();
  // The index counts every number (the batch map leaves out numbers held once), because a
  // record arriving later can make a number held once a shared one.
  const numberCounts = new Map<string, number>();
  prepared.records.forEach((r, i) => {
    numberCounts.set(r.phone_number, prepared.numberCountOf[i] as number);
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
    numberCounts,
    holders,
    scoreOf,
    masterOf,
    prior: w.prior,
    levelWeights: w.levels,
  };
}

/** What happened to one incoming record. */
export interface MatchOutcome {
  phoneId: string;
  /** The cluster the record now belongs to: the master's phone id (its own id when alone). */
  clusterId: string;
  masterId: string;
  /** True when it joined an existing cluster or another record. */
  joined: boolean;
  /** Best link probability to an existing record of the customer (0 when none is close). */
  probability: number;
  /** Links at or above the review threshold, best first (`review` also for refused auto-merge links). */
  links: { phoneId: string; probability: number; decision: 'auto_merge' | 'review' }[];
  /** Former master ids of other clusters that this record bridged into its cluster. */
  absorbedClusterIds: string[];
  /** Other customers already holding the same E.164 (a shared number, never merged). */
  sharedWith: string[];
}

/**
 * Matches one new record against the index and adds it. Only the customer's own records
 * are candidates, so this is a handful of comparisons. The customer's clusters are then
 * rebuilt with the batch rule (strongest link first, never joining a scored non-match), so
 * that matching records one at a time ends with the same clusters as a batch run; a
 * cluster keeps its master while that master is still in it, so cluster ids stay stable.
 *
 * @example
 * const outcome = matchRecord(index, record);
 * outcome.joined ? `joins ${outcome.clusterId}` : 'new cluster'
 */
export function matchRecord(index: MatchIndex, record: PhoneRecord): MatchOutcome {
  const { config, records, features, scoreOf, masterOf } = index;
  const f = recordFeatures(record);
  const count = (index.numberCounts.get(record.phone_number) ?? 0) + 1;
  index.numberCounts.set(record.phone_number, count);
  const tf = { counts: index.numberCounts, total: records.length + 1 };
  const pos = records.length;
  const block = index.byCustomer.get(record.customer_id) ?? [];
  const levels = new Uint8Array(COMPARISON_COUNT);
  let best = 0;
  for (const i of block) {
    const other = features[i] as RecordFeatures;
    if (compareNumbers(other.cc, other.nsn, f.cc, f.nsn) === NUMBER_LEVEL.different) continue;
    comparePair(other, f, levels);
    let weight = index.prior;
    for (let c = 0; c < COMPARISON_COUNT; c++)
      weight += (index.levelWeights[c] as number[])[levels[c] as number] as number;
    const otherRecord = records[i] as PhoneRecord;
    weight += termFrequencyWeight(
      index.model,
      levels[0] as number,
      otherRecord.phone_number,
      record.phone_number,
      tf,
      config,
    );
    const p = probabilityFromWeight(weight);
    scoreOf.set(pairKey(i, pos), p);
    if (p > best) best = p;
  }
  records.push(record);
  features.push(f);
  block.push(pos);
  if (block.length === 1) index.byCustomer.set(record.customer_id, block);

  const before = new Map(block.map((i) => [i, masterOf.get(i)]));
  reclusterBlock(index, block);

  const links: MatchOutcome['links'] = [];
  for (const i of block) {
    const p = scoreOf.get(pairKey(i, pos));
    if (i === pos || p === undefined || p < config.reviewThreshold) continue;
    const merged = masterOf.get(i) !== undefined && masterOf.get(i) === masterOf.get(pos);
    links.push({
      phoneId: (records[i] as PhoneRecord).phone_id,
      probability: p,
      decision: merged ? 'auto_merge' : 'review',
    });
  }
  links.sort((x, y) => y.probability - x.probability || (x.phoneId < y.phoneId ? -1 : 1));
  const master = masterOf.get(pos) ?? pos;
  const absorbed = new Set<number>();
  const mates = block.filter(
    (i) => i !== pos && masterOf.get(i) !== undefined && masterOf.get(i) === masterOf.get(pos),
  );
  for (const i of mates) {
    const formerMaster = before.get(i) ?? i;
    if (formerMaster !== master) absorbed.add(formerMaster);
  }
  const masterRecord = records[master] as PhoneRecord;
  const sharedWith = new Set(
    (index.holders.get(record.phone_number) ?? []).filter((c) => c !== record.customer_id),
  );
  addHolder(index.holders, record);
  return {
    phoneId: record.phone_id,
    clusterId: masterRecord.phone_id,
    masterId: masterRecord.phone_id,
    joined: mates.length > 0,
    probability: best,
    links,
    absorbedClusterIds: [...absorbed].map((i) => (records[i] as PhoneRecord).phone_id).sort(),
    sharedWith: [...sharedWith].sort(),
  };
}

// Greedy clustering of one customer's records, as clusterPairs does for the whole batch;
// a component keeps a former master that it still contains (the best one if it holds two).
function reclusterBlock(index: MatchIndex, block: readonly number[]): void {
  const { records, scoreOf, masterOf, config } = index;
  const links: { i: number; j: number; p: number; ids: [string, string] }[] = [];
  for (let x = 0; x < block.length; x++) {
    for (let y = x + 1; y < block.length; y++) {
      const i = block[x] as number;
      const j = block[y] as number;
      const p = scoreOf.get(pairKey(i, j));
      if (p === undefined || p < config.autoMergeThreshold) continue;
      const a = (records[i] as PhoneRecord).phone_id;
      const b = (records[j] as PhoneRecord).phone_id;
      links.push({ i, j, p, ids: a < b ? [a, b] : [b, a] });
    }
  }
  links.sort((x, y) => compareLinks(x.p, x.ids, y.p, y.ids));
  const component = new Map<number, number[]>(block.map((i) => [i, [i]]));
  for (const { i, j } of links) {
    const ci = component.get(i) as number[];
    const cj = component.get(j) as number[];
    if (ci === cj || conflicts(ci, cj, scoreOf, config.reviewThreshold)) continue;
    const merged = [...ci, ...cj];
    for (const k of merged) component.set(k, merged);
  }
  const formerMasters = new Set(
    block.map((i) => masterOf.get(i)).filter((m): m is number => m !== undefined),
  );
  const done = new Set<number[]>();
  for (const i of block) {
    const members = component.get(i) as number[];
    if (done.has(members)) continue;
    done.add(members);
    if (members.length === 1) {
      masterOf.delete(i);
      continue;
    }
    const byRank = (x: number, y: number): number =>
      compareSurvivorship(records[x] as PhoneRecord, records[y] as PhoneRecord, config);
    const kept = members.filter((k) => formerMasters.has(k)).sort(byRank);
    const master = kept[0] ?? [...members].sort(byRank)[0];
    for (const k of members) masterOf.set(k, master as number);
  }
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
  const byMaster = new Map<number, string[]>();
  for (const [i, master] of index.masterOf) {
    const list = byMaster.get(master);
    const id = (index.records[i] as PhoneRecord).phone_id;
    if (list) list.push(id);
    else byMaster.set(master, [id]);
  }
  return [...byMaster.values()]
    .map((c) => c.sort())
    .sort((x, y) => ((x[0] as string) < (y[0] as string) ? -1 : 1));
}
