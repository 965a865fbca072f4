import type { DedupeConfig } from '../../core/dedupe/dedupe-config.js';
import type { PhoneRecord } from '../../core/registry/phone-record.js';
import type { AuditEntry } from '../../store/audit.repository.js';
import type { MergeMemberInput } from '../../store/merge.repository.js';
import type { OutboxEventInput } from '../../store/outbox.repository.js';
import { CHANGE_TOPIC } from '../import/plan-chunk.js';
import { absorbMembers } from './absorb-members.js';

/** One cluster to resolve: its master and members (master included), all of one customer. */
export interface ClusterToMerge {
  customerId: string;
  masterId: string;
  memberIds: readonly string[];
  /** Strongest accepted link of each member (not the master). */
  probabilityOf: ReadonlyMap<string, number>;
}

/** The writes of a merge set, without its id (the store assigns it). */
export interface MergePlan {
  members: MergeMemberInput[];
  audits: AuditEntry[];
  outbox: OutboxEventInput[];
  groups: number;
  mergedRecords: number;
}

/** Fields a merge may change, and so the ones its audit rows show. */
const MERGE_FIELDS = [
  'merged_into',
  'is_primary',
  'is_verified',
  'verification_method',
  'sources',
  'times_seen',
  'updated_at',
] as const satisfies readonly (keyof PhoneRecord)[];

function diff(
  before: PhoneRecord,
  after: PhoneRecord,
): { old: Record<string, unknown>; next: Record<string, unknown> } {
  const old: Record<string, unknown> = {};
  const next: Record<string, unknown> = {};
  for (const f of MERGE_FIELDS) {
    const a = before[f] instanceof Date ? (before[f] as Date).toISOString() : before[f];
    const b = after[f] instanceof Date ? (after[f] as Date).toISOString() : after[f];
    if (JSON.stringify(a) !== JSON.stringify(b)) {
      old[f] = a;
      next[f] = b;
    }
  }
  return { old, next };
}

/**
 * Plans the merge of resolved clusters: each member gets `merged_into = master` (and gives
 * its primary flag to the master), the master absorbs the members' sources, sightings and
 * verification; records already merged into a member that stops being a master follow it
 * to the new master. Every changed record keeps its whole before- and after-image (for a
 * lossless undo) and gets a MERGE audit row with the fields that moved; every cluster gets
 * one event.
 *
 * @example
 * const plan = planMerge(clusters, recordsById, followersOf, { actor: 'ana', reason: 'dedupe', config });
 */
export function planMerge(
  clusters: readonly ClusterToMerge[],
  records: ReadonlyMap<string, PhoneRecord>,
  followersOf: ReadonlyMap<string, readonly PhoneRecord[]>,
  ctx: { actor: string; reason: string; config: DedupeConfig },
): MergePlan {
  const plan: MergePlan = { members: [], audits: [], outbox: [], groups: 0, mergedRecords: 0 };
  const add = (
    before: PhoneRecord,
    after: PhoneRecord,
    masterId: string,
    probability: number | null,
  ): void => {
    plan.members.push({ phone_id: before.phone_id, master_id: masterId, probability, before, after });
    const { old, next } = diff(before, after);
    plan.audits.push({
      phone_id: before.phone_id,
      customer_id: before.customer_id,
      operation: 'MERGE',
      old_values: old,
      new_values: { ...next, master_id: masterId },
      changed_by: ctx.actor,
      change_reason: ctx.reason,
    });
  };
  for (const c of clusters) {
    const master = records.get(c.masterId);
    if (!master) throw new Error(`planMerge: master ${c.masterId} was not loaded`);
    const members = c.memberIds
      .filter((id) => id !== c.masterId)
      .map((id) => {
        const r = records.get(id);
        if (!r) throw new Error(`planMerge: member ${id} was not loaded`);
        return r;
      });
    if (members.length === 0) continue;
    plan.groups++;
    add(master, absorbMembers(master, members, ctx.config), c.masterId, null);
    const moved: string[] = [];
    for (const m of members) {
      add(
        m,
        { ...m, merged_into: c.masterId, is_primary: false },
        c.masterId,
        c.probabilityOf.get(m.phone_id) ?? null,
      );
      plan.mergedRecords++;
      for (const f of followersOf.get(m.phone_id) ?? []) {
        add(f, { ...f, merged_into: c.masterId }, c.masterId, null);
        moved.push(f.phone_id);
      }
    }
    plan.outbox.push({
      topic: CHANGE_TOPIC,
      key: c.customerId,
      payload: {
        operation: 'MERGE',
        customer_id: c.customerId,
        master_id: c.masterId,
        member_ids: members.map((m) => m.phone_id),
        ...(moved.length ? { moved_ids: moved } : {}),
        reason: ctx.reason,
      },
    });
  }
  return plan;
}
