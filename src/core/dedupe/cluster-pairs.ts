import type { PhoneRecord } from '../registry/phone-record.js';
import { compareLinks } from './compare-links.js';
import { compareSurvivorship } from './compare-survivorship.js';
import { conflicts } from './conflicts.js';
import type { DedupeConfig } from './dedupe-config.js';
import type { DuplicateGroup } from './duplicate-group.js';
import { pairKey } from './pair-key.js';
import type { ScoredPairs } from './score-pairs.js';
import { createUnionFind } from './union-find.js';

/** Clusters plus the auto-merge links that were refused because they would join a known non-match. */
export interface Clustering {
  groups: DuplicateGroup[];
  /** Pair indices (into the scored pairs) refused by the non-match constraint; they go to review. */
  refused: number[];
}

/**
 * Connected components over the auto-merge links (union-find), taking links from the most
 * to the least probable and refusing a link that would put into one cluster two records
 * the model scored below the review threshold (a typo between two genuine neighbouring
 * lines must not chain them together). Each cluster is resolved to a master by
 * survivorship. Only clusters of two or more records are returned, ordered by customer
 * then cluster id.
 *
 * @example
 * clusterPairs(prepared.records, scored, config).groups[0].masterId
 */
export function clusterPairs(
  records: readonly PhoneRecord[],
  scored: ScoredPairs,
  config: DedupeConfig,
): Clustering {
  const n = records.length;
  const links: number[] = [];
  const scoreOf = new Map<number, number>();
  for (let p = 0; p < scored.probability.length; p++) {
    const prob = scored.probability[p] as number;
    scoreOf.set(pairKey(scored.a[p] as number, scored.b[p] as number), prob);
    if (prob >= config.autoMergeThreshold) links.push(p);
  }
  const ids = (p: number): [string, string] => {
    const x = (records[scored.a[p] as number] as PhoneRecord).phone_id;
    const y = (records[scored.b[p] as number] as PhoneRecord).phone_id;
    return x < y ? [x, y] : [y, x];
  };
  // Strongest first; ties by phone ids, so the online index (other positions) agrees.
  links.sort((x, y) =>
    compareLinks(scored.probability[x] as number, ids(x), scored.probability[y] as number, ids(y)),
  );
  const uf = createUnionFind(n);
  const members = new Map<number, number[]>();
  const membersOf = (root: number): number[] => members.get(root) ?? [root];
  const accepted: number[] = [];
  const refused: number[] = [];
  for (const p of links) {
    const ri = uf.find(scored.a[p] as number);
    const rj = uf.find(scored.b[p] as number);
    if (ri === rj) {
      accepted.push(p);
      continue;
    }
    const mi = membersOf(ri);
    const mj = membersOf(rj);
    if (conflicts(mi, mj, scoreOf, config.reviewThreshold)) {
      refused.push(p);
      continue;
    }
    const root = uf.union(ri, rj);
    members.delete(ri);
    members.delete(rj);
    members.set(root, [...mi, ...mj]);
    accepted.push(p);
  }
  const pairsOf = new Map<number, DuplicateGroup['pairs']>();
  for (const p of accepted.sort((x, y) => x - y)) {
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
  groups.sort((x, y) =>
    x.customerId !== y.customerId
      ? x.customerId < y.customerId
        ? -1
        : 1
      : x.clusterId < y.clusterId
        ? -1
        : 1,
  );
  return { groups, refused: refused.sort((x, y) => x - y) };
}
