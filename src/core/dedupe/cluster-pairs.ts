import type { PhoneRecord } from '../registry/phone-record.js';
import { compareSurvivorship } from './compare-survivorship.js';
import type { DedupeConfig } from './dedupe-config.js';
import type { DuplicateGroup } from './duplicate-group.js';
import type { ScoredPairs } from './score-pairs.js';
import { createUnionFind } from './union-find.js';

/**
 * Connected components over the pairs at or above the auto-merge threshold (union-find),
 * each resolved to a master by survivorship. Only clusters of two or more records are
 * returned, ordered by customer then cluster id.
 *
 * @example
 * clusterPairs(prepared.records, scored, config)[0].masterId
 */
export function clusterPairs(
  records: readonly PhoneRecord[],
  scored: ScoredPairs,
  config: DedupeConfig,
): DuplicateGroup[] {
  const uf = createUnionFind(records.length);
  const accepted: number[] = [];
  for (let p = 0; p < scored.probability.length; p++) {
    if ((scored.probability[p] as number) >= config.autoMergeThreshold) {
      uf.union(scored.a[p] as number, scored.b[p] as number);
      accepted.push(p);
    }
  }
  const members = new Map<number, number[]>();
  for (const p of accepted) {
    for (const i of [scored.a[p] as number, scored.b[p] as number]) {
      const root = uf.find(i);
      let list = members.get(root);
      if (!list) {
        list = [];
        members.set(root, list);
      }
      if (!list.includes(i)) list.push(i);
    }
  }
  const pairsOf = new Map<number, DuplicateGroup['pairs']>();
  for (const p of accepted) {
    const root = uf.find(scored.a[p] as number);
    let list = pairsOf.get(root);
    if (!list) {
      list = [];
      pairsOf.set(root, list);
    }
    list.push({
      a: (records[scored.a[p] as number] as PhoneRecord).phone_id,
      b: (records[scored.b[p] as number] as PhoneRecord).phone_id,
      probability: scored.probability[p] as number,
    });
  }
  const groups: DuplicateGroup[] = [];
  for (const [root, idx] of members) {
    const rs = idx.map((i) => records[i] as PhoneRecord);
    const master = rs.reduce((best, r) => (compareSurvivorship(r, best, config) < 0 ? r : best));
    groups.push({
      clusterId: master.phone_id,
      customerId: master.customer_id,
      masterId: master.phone_id,
      memberIds: rs.map((r) => r.phone_id).sort(),
      pairs: pairsOf.get(root) ?? [],
    });
  }
  return groups.sort((x, y) =>
    x.customerId !== y.customerId
      ? x.customerId < y.customerId
        ? -1
        : 1
      : x.clusterId < y.clusterId
        ? -1
        : 1,
  );
}
