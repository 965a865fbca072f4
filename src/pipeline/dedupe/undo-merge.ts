import type { PhoneRecord } from '../../core/registry/phone-record.js';
import type { AuditEntry } from '../../store/audit.repository.js';
import type { MergeMemberRecord } from '../../store/merge.repository.js';
import type { OutboxEventInput } from '../../store/outbox.repository.js';
import { CHANGE_TOPIC } from '../import/plan-chunk.js';
import type { DedupeStore } from './dedupe-ports.js';

/** What `phoneset dedupe undo` did. */
export interface UndoSummary {
  merge_id: string;
  restored: number;
  masters: string[];
}

function valuesOf(r: PhoneRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) out[k] = v instanceof Date ? v.toISOString() : v;
  return out;
}

function changed(
  from: PhoneRecord,
  to: PhoneRecord,
): { old: Record<string, unknown>; next: Record<string, unknown> } {
  const a = valuesOf(from);
  const b = valuesOf(to);
  const old: Record<string, unknown> = {};
  const next: Record<string, unknown> = {};
  for (const k of Object.keys(b)) {
    if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) {
      old[k] = a[k];
      next[k] = b[k];
    }
  }
  return { old, next };
}

/**
 * Undoes one merge set: every record it changed gets back its exact before-image (masters
 * lose what they absorbed, members are live again), with an UNMERGE audit row per record
 * and one event per cluster, in one transaction. Refused when a record changed after the
 * merge (DEDUPE_UNDO_CONFLICT) or the set was already undone (DEDUPE_ALREADY_UNDONE).
 *
 * @example
 * await undoMerge(store, '12', 'ana'); // { merge_id: '12', restored: 5, masters: ['40', '77'] }
 */
export async function undoMerge(
  store: Pick<DedupeStore, 'merges'>,
  mergeId: string,
  actor: string,
): Promise<UndoSummary> {
  const members = await store.merges.undo(mergeId, actor, (list: readonly MergeMemberRecord[]) => {
    const audits: AuditEntry[] = [];
    const byMaster = new Map<string, { customer: string; ids: string[] }>();
    for (const m of list) {
      const { old, next } = changed(m.after, m.before);
      audits.push({
        phone_id: m.phone_id,
        customer_id: m.before.customer_id,
        operation: 'UNMERGE',
        old_values: old,
        new_values: next,
        changed_by: actor,
        change_reason: `undo merge ${mergeId}`,
      });
      const g = byMaster.get(m.master_id) ?? { customer: m.before.customer_id, ids: [] };
      if (m.phone_id !== m.master_id) g.ids.push(m.phone_id);
      byMaster.set(m.master_id, g);
    }
    const outbox: OutboxEventInput[] = [...byMaster].map(([master, g]) => ({
      topic: CHANGE_TOPIC,
      key: g.customer,
      payload: { operation: 'UNMERGE', customer_id: g.customer, master_id: master, member_ids: g.ids },
    }));
    return { audits, outbox };
  });
  return {
    merge_id: mergeId,
    restored: members.length,
    masters: [...new Set(members.map((m) => m.master_id))],
  };
}
