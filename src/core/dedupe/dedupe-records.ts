import type { PhoneRecord } from '../registry/phone-record.js';
import { clusterPairs } from './cluster-pairs.js';
import { compareCandidates } from './compare-candidates.js';
import type { DedupeConfig } from './dedupe-config.js';
import type { DuplicateGroup } from './duplicate-group.js';
import { type CustomerLink, findSharedNumbers, type SharedNumber } from './find-shared-numbers.js';
import { generateCandidatePairs } from './generate-candidate-pairs.js';
import type { MatchModel } from './match-model.js';
import { prepareRecords } from './prepare-records.js';
import { type DedupeConfigInput, resolveDedupeConfig } from './resolve-dedupe-config.js';
import { scorePairs } from './score-pairs.js';
import { type LabelledPair, trainModel } from './train-model.js';

/** A scored pair between the review and auto-merge thresholds. */
export interface ReviewPair {
  a: string;
  b: string;
  customerId: string;
  weight: number;
  probability: number;
  /** Between the thresholds, or above auto-merge but refused because it would join two records scored as non-matches. */
  reason: 'between_thresholds' | 'would_join_non_match';
}

/** Everything one batch dedupe run decides. */
export interface DedupeResult {
  model: MatchModel;
  groups: DuplicateGroup[];
  reviewPairs: ReviewPair[];
  sharedNumbers: SharedNumber[];
  customerLinks: CustomerLink[];
  oversizedBlocks: { customerId: string; size: number }[];
  stats: {
    records: number;
    customers: number;
    candidatePairs: number;
    autoMergePairs: number;
    reviewPairs: number;
    groups: number;
    /** Records that would be merged into a master (group members beyond their master). */
    mergedRecords: number;
    timingsMs: {
      prepare: number;
      block: number;
      compare: number;
      train: number;
      score: number;
      cluster: number;
      shared: number;
    };
  };
}

/**
 * Runs the whole matching engine on registry records: blocking, comparison vectors, EM
 * training (unless a model is given), scoring, clustering with survivorship, and the
 * shared-number report. Pure and deterministic: the same records in any order give the
 * same result.
 *
 * @example
 * const { groups, stats } = dedupeRecords(records);
 * console.log(`Found ${stats.groups} duplicate groups`);
 */
export function dedupeRecords(
  records: readonly PhoneRecord[],
  options: {
    config?: DedupeConfigInput;
    model?: MatchModel;
    labels?: readonly LabelledPair[];
    now?: () => number;
  } = {},
): DedupeResult {
  const config: DedupeConfig = resolveDedupeConfig(options.config);
  // Timing is observation only; it never feeds a decision.
  const now = options.now ?? (() => performance.now());
  let t = now();
  const lap = (): number => {
    const n = now();
    const d = n - t;
    t = n;
    return d;
  };
  const prepared = prepareRecords(records);
  const prepare = lap();
  const pairs = generateCandidatePairs(prepared, config);
  const block = lap();
  const vectors = compareCandidates(prepared, pairs);
  const compare = lap();
  const model =
    options.model ??
    trainModel(vectors, {
      config,
      labels: options.labels ?? [],
      nonMatchLevels: pairs.nonMatchLevels,
    });
  const train = lap();
  const scored = scorePairs(prepared, pairs, vectors, model, config);
  const score = lap();
  const { groups, refused } = clusterPairs(prepared.records, scored, config);
  const refusedSet = new Set(refused);
  const reviewPairs: ReviewPair[] = [];
  let autoMergePairs = 0;
  for (let p = 0; p < scored.probability.length; p++) {
    const prob = scored.probability[p] as number;
    if (prob >= config.autoMergeThreshold && !refusedSet.has(p)) autoMergePairs++;
    else if (prob >= config.reviewThreshold) {
      const a = prepared.records[scored.a[p] as number] as PhoneRecord;
      const b = prepared.records[scored.b[p] as number] as PhoneRecord;
      reviewPairs.push({
        a: a.phone_id,
        b: b.phone_id,
        customerId: a.customer_id,
        weight: scored.weight[p] as number,
        probability: prob,
        reason: refusedSet.has(p) ? 'would_join_non_match' : 'between_thresholds',
      });
    }
  }
  const cluster = lap();
  const { sharedNumbers, customerLinks } = findSharedNumbers(prepared, config);
  const shared = lap();
  return {
    model,
    groups,
    reviewPairs,
    sharedNumbers,
    customerLinks,
    oversizedBlocks: pairs.oversizedBlocks,
    stats: {
      records: prepared.records.length,
      customers: prepared.blockStarts.length - 1,
      candidatePairs: pairs.a.length,
      autoMergePairs,
      reviewPairs: reviewPairs.length,
      groups: groups.length,
      mergedRecords: groups.reduce((s, g) => s + g.memberIds.length - 1, 0),
      timingsMs: { prepare, block, compare, train, score, cluster, shared },
    },
  };
}
