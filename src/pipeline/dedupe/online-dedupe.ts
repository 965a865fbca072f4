import { compareSurvivorship } from '../../core/dedupe/compare-survivorship.js';
import { createMatchIndex, matchRecord } from '../../core/dedupe/match-index.js';
import { pairKey } from '../../core/dedupe/pair-key.js';
import type { PhoneRecord } from '../../core/registry/phone-record.js';
import type { PhoneRepository } from '../../store/phone.repository.js';
import type { DedupeStore } from './dedupe-ports.js';
import { type ClusterToMerge, planMerge } from './plan-merge.js';

/** What online matching did with one batch of new records. */
export interface OnlineSummary {
  /** False when no model was trained yet (run `phoneset dedupe` once). */
  matched: boolean;
  records: number;
  /** New records merged into an existing master. */
  joined: number;
  merge_id: string | null;
  review_queued: number;
}

/** Online matching of records as they arrive. */
export interface OnlineDedupe {
  /** Matches records just inserted into the registry against their customers' records. */
  afterInsert(records: readonly PhoneRecord[]): Promise<OnlineSummary>;
}

/**
 * Online matching with the newest saved model: each newly inserted record is compared with
 * its customer's live records (the core's match index, same rule as a batch run), joins the
 * cluster it matches above auto-merge (an existing record stays master, so cluster ids are
 * stable) and queues review-level links. With no model saved yet it does nothing: records
 * then wait for the next `phoneset dedupe`.
 *
 * @example
 * const online = createOnlineDedupe(store, { actor: 'import' });
 * await online.afterInsert(plan.inserts);
 */
export function createOnlineDedupe(
  store: DedupeStore & { readonly phones: Pick<PhoneRepository, 'listByCustomers'> },
  options: { actor: string },
): OnlineDedupe {
  return {
    async afterInsert(inserted) {
      const summary: OnlineSummary = {
        matched: false,
        records: inserted.length,
        joined: 0,
        merge_id: null,
        review_queued: 0,
      };
      if (inserted.length === 0) return summary;
      // Read per chunk (one small query): a model trained while a long import runs is used at once.
      const stored = await store.merges.latestModel();
      if (!stored) return summary;
      summary.matched = true;
      const model = stored;
      const fresh = new Set(inserted.map((r) => r.phone_id));
      const customers = [...new Set(inserted.map((r) => r.customer_id))];
      const live = (await store.phones.listByCustomers(customers)).filter(
        (r) => r.deleted_at === null && r.merged_into === null,
      );
      const index = createMatchIndex(
        live.filter((r) => !fresh.has(r.phone_id)),
        model.model,
        model.config,
      );
      const reviews: { customer_id: string; phone_a: string; phone_b: string; probability: number }[] = [];
      for (const r of live.filter((x) => fresh.has(x.phone_id))) {
        const outcome = matchRecord(index, r);
        for (const l of outcome.links)
          if (l.decision === 'review')
            reviews.push({
              customer_id: r.customer_id,
              phone_a: r.phone_id,
              phone_b: l.phoneId,
              probability: l.probability,
            });
      }
      const byId = new Map(live.map((r) => [r.phone_id, r]));
      const members = new Map<number, number[]>();
      for (const [i, master] of index.masterOf) {
        const list = members.get(master) ?? [];
        list.push(i);
        members.set(master, list);
      }
      const established = await store.merges.mastersWithMembers(customers);
      const clusters: ClusterToMerge[] = [];
      for (const list of members.values()) {
        const ids = list.map((i) => (index.records[i] as PhoneRecord).phone_id);
        if (!ids.some((id) => fresh.has(id))) continue;
        // A record already in the registry stays master: the cluster keeps its id.
        const rank = (x: PhoneRecord, y: PhoneRecord): number =>
          Number(fresh.has(x.phone_id)) - Number(fresh.has(y.phone_id)) ||
          Number(established.has(y.phone_id)) - Number(established.has(x.phone_id)) ||
          compareSurvivorship(x, y, model.config);
        const master = ids.map((id) => byId.get(id) as PhoneRecord).sort(rank)[0] as PhoneRecord;
        const probabilityOf = new Map<string, number>();
        for (const i of list) {
          let best = 0;
          for (const j of list) best = Math.max(best, (i !== j && index.scoreOf.get(pairKey(i, j))) || 0);
          probabilityOf.set((index.records[i] as PhoneRecord).phone_id, best);
        }
        clusters.push({
          customerId: master.customer_id,
          masterId: master.phone_id,
          memberIds: ids,
          probabilityOf,
        });
      }
      if (clusters.length > 0) {
        const absorbed = clusters.flatMap((c) =>
          c.memberIds.filter((id) => id !== c.masterId && established.has(id)),
        );
        const followersOf = new Map<string, PhoneRecord[]>();
        for (const f of await store.merges.followers(absorbed)) {
          const list = followersOf.get(f.merged_into as string) ?? [];
          list.push(f);
          followersOf.set(f.merged_into as string, list);
        }
        const plan = planMerge(clusters, byId, followersOf, {
          actor: options.actor,
          reason: 'online match',
          config: model.config,
        });
        summary.merge_id = await store.merges.apply({
          kind: 'online',
          model_version: model.version,
          actor: options.actor,
          groups: plan.groups,
          merged_records: plan.mergedRecords,
          members: plan.members,
          audits: plan.audits,
          outbox: plan.outbox,
        });
        summary.joined = plan.mergedRecords;
      }
      summary.review_queued = await store.reviews.enqueue(
        reviews.map((p) => ({
          ...p,
          weight: Math.log2(p.probability / (1 - p.probability)),
          reason: 'online',
          model_version: model.version,
        })),
      );
      return summary;
    },
  };
}
