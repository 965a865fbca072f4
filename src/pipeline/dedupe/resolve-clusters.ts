import { compareSurvivorship } from '../../core/dedupe/compare-survivorship.js';
import type { DedupeConfig } from '../../core/dedupe/dedupe-config.js';
import type { DuplicateGroup } from '../../core/dedupe/duplicate-group.js';
import type { PhoneRecord } from '../../core/registry/phone-record.js';
import type { ClusterToMerge } from './plan-merge.js';

/**
 * Turns the engine's groups into clusters to merge with stable master ids: a group that
 * contains a record which is already a master (records were merged into it earlier) keeps
 * that master, the best of them by survivorship when it holds several; otherwise the
 * engine's survivorship choice stands.
 *
 * @example
 * const clusters = resolveClusters(result.groups, byId, await store.merges.mastersWithMembers(), config);
 */
export function resolveClusters(
  groups: readonly DuplicateGroup[],
  records: ReadonlyMap<string, PhoneRecord>,
  existingMasters: ReadonlyMap<string, number>,
  config: DedupeConfig,
): ClusterToMerge[] {
  return groups.map((g) => {
    const probabilityOf = new Map<string, number>();
    for (const p of g.pairs) {
      for (const id of [p.a, p.b]) probabilityOf.set(id, Math.max(probabilityOf.get(id) ?? 0, p.probability));
    }
    const established = g.memberIds
      .filter((id) => existingMasters.has(id))
      .map((id) => records.get(id) as PhoneRecord)
      .sort((a, b) => compareSurvivorship(a, b, config));
    const masterId =
      established.length > 0 && !existingMasters.has(g.masterId)
        ? (established[0] as PhoneRecord).phone_id
        : g.masterId;
    return { customerId: g.customerId, masterId, memberIds: g.memberIds, probabilityOf };
  });
}
