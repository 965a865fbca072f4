import { CHANGE_TOPIC } from '../../core/registry/change-topic.js';
import type { PhoneRecord, RegistryPhoneType } from '../../core/registry/phone-record.js';
import {
  evaluateRow,
  exceedsPhoneLimit,
  type RuleContext,
  type RulesConfig,
  type RuleViolation,
} from '../../core/rules/index.js';
import type { AuditEntry } from '../../store/audit.repository.js';
import type { LineageEntry } from '../../store/lineage.repository.js';
import type { OutboxEventInput } from '../../store/outbox.repository.js';
import type { RejectInput } from '../../store/reject.repository.js';
import { createImportCounts, type ImportCounts } from './import-counts.js';
import type { ImportCandidate } from './read-candidate.js';

export { CHANGE_TOPIC };

/** Survivorship: the record that results from a registry record seen again in `incoming`. */
export type MergeRecords = (existing: PhoneRecord, incoming: PhoneRecord) => PhoneRecord;

export interface ChunkContext {
  batch_id: string;
  /** Who runs the import (OS user or PHONESET_ACTOR), for the audit trail. */
  actor: string;
  /** `change_reason` of the audit rows: `import`, `reprocess`. */
  reason: string;
  rules: RulesConfig;
  now: Date;
  merge: MergeRecords;
  isBlacklisted: RuleContext['isBlacklisted'];
  /** A fresh phone id for each insert (reserved beforehand). */
  newId(): string;
}

/** The registry as the chunk finds it: every record of the chunk's customers. */
export interface ChunkState {
  records: readonly PhoneRecord[];
  /** Ids of records this batch already contributed to (lineage), for within-batch duplicates. */
  seenInBatch: ReadonlySet<string>;
}

/** What one chunk writes, and how its rows came out. */
export interface ChunkPlan {
  inserts: PhoneRecord[];
  updates: PhoneRecord[];
  lineage: LineageEntry[];
  audits: AuditEntry[];
  outbox: OutboxEventInput[];
  rejects: RejectInput[];
  /** This chunk's row outcomes only. */
  counts: ImportCounts;
}

/** Fields whose change is a registry change (audited, an event); bookkeeping fields are not. */
const VALUE_FIELDS = [
  'phone_number',
  'phone_type',
  'country_code',
  'carrier',
  'region',
  'timezone',
  'is_valid',
  'is_primary',
  'is_verified',
  'verification_method',
  'confidence_score',
  'source_system',
  'sources',
  'issues',
] as const satisfies readonly (keyof PhoneRecord)[];

/** Longest customer id the registry stores. */
const MAX_CUSTOMER_ID = 100;

interface Working {
  record: PhoneRecord;
  isNew: boolean;
  dirty: boolean;
  seen: boolean;
}

interface CustomerState {
  byNumber: Map<string, Working>;
  live: number;
  primary: Working | undefined;
}

function isLive(r: PhoneRecord): boolean {
  return r.deleted_at === null && r.merged_into === null;
}

/** The audited view of a record: its values, never bookkeeping. */
function valuesOf(r: PhoneRecord, fields: readonly string[] = VALUE_FIELDS): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) out[f] = r[f as keyof PhoneRecord];
  return out;
}

function changedFields(a: PhoneRecord, b: PhoneRecord): string[] {
  return VALUE_FIELDS.filter((f) => JSON.stringify(a[f]) !== JSON.stringify(b[f]));
}

/**
 * Reason text stored with a rejected row: the code first (what `by_reason` counts), then the
 * field and why. Quoted raw values are dropped from the text, because the reasons column is
 * not encrypted and the raw row is already kept, encrypted, beside it.
 *
 * @example
 * formatReason({ code: 'NO_NUMBER', field: 'phone_number', message: 'no phone number…' });
 * // 'NO_NUMBER (phone_number): no phone number…'
 */
export function formatReason(v: { code: string; field: string; message: string }): string {
  return `${v.code} (${v.field}): ${v.message.replace(/"(?:[^"\\]|\\.)*"/g, '(value)')}`;
}

/** The code of a stored reason text. */
export function reasonCode(reason: string): string {
  return reason.split(/[\s:(]/, 1)[0] ?? reason;
}

/** The registry type of a row: the engine's type, unless it cannot tell and the source declared one. */
function typeOf(declared: RegistryPhoneType | null, detected: RegistryPhoneType): RegistryPhoneType {
  if (!declared) return detected;
  if (
    declared === 'fax' &&
    (detected === 'fixed' || detected === 'fixed_or_mobile' || detected === 'unknown')
  )
    return 'fax';
  if (detected === 'unknown' || detected === 'fixed_or_mobile') return declared;
  return detected;
}

/**
 * The registry record a row stands for (no id yet): normalized values, its source, the
 * rule flags it carries next to the engine's issues.
 *
 * @example
 * const incoming = candidateRecord(candidate, flags, now);
 */
export function candidateRecord(c: ImportCandidate, flags: readonly string[], now: Date): PhoneRecord {
  const r = c.result;
  if (!r?.normalized || !c.customer_id) throw new Error('candidateRecord needs a normalized, owned row');
  return {
    phone_id: '',
    customer_id: c.customer_id,
    phone_number: r.normalized,
    phone_type: typeOf(c.declared_type, r.type),
    country_code: r.country_code,
    carrier: r.carrier,
    region: r.region,
    timezone: r.timezone,
    is_valid: r.is_valid,
    is_primary: c.is_primary,
    is_verified: c.is_verified,
    verification_method: c.is_verified ? c.source : null,
    confidence_score: r.confidence_score,
    source_system: c.source,
    sources: [c.source],
    times_seen: 1,
    issues: [...new Set<string>([...r.issues, ...flags])],
    merged_into: null,
    created_at: now,
    updated_at: c.updated_at,
    deleted_at: null,
  };
}

/**
 * Plans one chunk of an import: applies the row rules, the per-customer limit and the single
 * primary against the registry state, merges rows into existing records by survivorship,
 * recognises within-batch duplicates (earlier in this chunk, or in an earlier chunk through
 * the lineage), and lists every write with its audit row, event and lineage row. Pure: the
 * caller applies the plan with `Store.applyChanges`, atomically with the batch checkpoint.
 *
 * @example
 * const plan = planChunk(candidates, { records, seenInBatch }, ctx);
 * await store.applyChanges({ ...plan, batchUpdate: { batch_id, checkpoint_row } });
 */
export function planChunk(
  candidates: readonly ImportCandidate[],
  state: ChunkState,
  ctx: ChunkContext,
): ChunkPlan {
  const plan: ChunkPlan = {
    inserts: [],
    updates: [],
    lineage: [],
    audits: [],
    outbox: [],
    rejects: [],
    counts: createImportCounts(),
  };
  const { counts } = plan;
  const customers = new Map<string, CustomerState>();
  const touched: Working[] = [];
  for (const record of state.records) {
    let cs = customers.get(record.customer_id);
    if (!cs) {
      cs = { byNumber: new Map(), live: 0, primary: undefined };
      customers.set(record.customer_id, cs);
    }
    const w: Working = { record, isNew: false, dirty: false, seen: state.seenInBatch.has(record.phone_id) };
    cs.byNumber.set(record.phone_number, w);
    if (isLive(record)) {
      cs.live++;
      if (record.is_primary && !cs.primary) cs.primary = w;
    }
  }

  const reject = (c: ImportCandidate, reasons: string[]): void => {
    counts.rejected++;
    for (const reason of reasons) {
      const code = reasonCode(reason);
      counts.by_reason[code] = (counts.by_reason[code] ?? 0) + 1;
    }
    plan.rejects.push({ batch_id: ctx.batch_id, row_number: c.row, raw_values: c.raw, reasons });
  };
  const audit = (w: Working, before: PhoneRecord | null, why: string): void => {
    const after = w.record;
    const fields = before ? changedFields(before, after) : [...VALUE_FIELDS];
    const operation = before ? 'UPDATE' : 'INSERT';
    const newValues = valuesOf(after, fields);
    plan.audits.push({
      phone_id: after.phone_id,
      customer_id: after.customer_id,
      operation,
      old_values: before ? valuesOf(before, fields) : null,
      new_values: newValues,
      changed_by: ctx.actor,
      change_reason: why,
      batch_id: ctx.batch_id,
    });
    plan.outbox.push({
      topic: CHANGE_TOPIC,
      key: after.customer_id,
      payload: {
        operation,
        phone_id: after.phone_id,
        customer_id: after.customer_id,
        batch_id: ctx.batch_id,
        reason: why,
        changes: newValues,
      },
    });
  };
  const change = (w: Working, next: PhoneRecord, why: string): boolean => {
    const before = w.record;
    if (changedFields(before, next).length === 0) {
      w.record = next;
      return false;
    }
    w.record = next;
    if (!w.dirty && !w.isNew) touched.push(w);
    w.dirty = true;
    audit(w, before, why);
    return true;
  };

  for (const c of candidates) {
    counts.received++;
    if (c.readError !== null) {
      reject(c, [`INPUT_BAD_ROW (row): ${c.readError}`]);
      continue;
    }
    const result = c.result;
    if (!result) throw new Error(`row ${c.row} was not normalized`);
    const verdict = evaluateRow(c, result, { isBlacklisted: ctx.isBlacklisted }, ctx.rules);
    const blocking = verdict.violations.filter((v) => v.action === 'reject');
    // A flagged missing id or number still cannot be stored: there is no key to store it under.
    for (const v of verdict.violations) {
      if (v.action === 'flag' && (v.code === 'MISSING_CUSTOMER_ID' || v.code === 'NO_NUMBER'))
        blocking.push(v);
    }
    const customerId = c.customer_id;
    const reasons = blocking.map(formatReason);
    if (customerId && customerId.length > MAX_CUSTOMER_ID) {
      reasons.push(
        formatReason({
          code: 'CUSTOMER_ID_TOO_LONG',
          field: 'customer_id',
          message: `${customerId.length} characters; expected at most ${MAX_CUSTOMER_ID}`,
        }),
      );
    }
    if (reasons.length > 0 || !customerId || !result.normalized) {
      reject(c, reasons);
      continue;
    }
    const flags = verdict.violations.filter((v) => v.action === 'flag').map((v) => v.code);
    const incoming = candidateRecord(c, flags, ctx.now);
    let cs = customers.get(customerId);
    if (!cs) {
      cs = { byNumber: new Map(), live: 0, primary: undefined };
      customers.set(customerId, cs);
    }
    const found = cs.byNumber.get(result.normalized);
    if (found && found.record.deleted_at !== null) {
      reject(c, [
        formatReason({
          code: 'ERASED',
          field: 'customer_id',
          message: 'this customer asked for this number to be erased; it is not stored again',
        }),
      ]);
      continue;
    }
    for (const f of flags) counts.flagged[f] = (counts.flagged[f] ?? 0) + 1;

    let w: Working;
    if (found) {
      w = found;
      const duplicate = w.seen;
      const merged = ctx.merge(w.record, incoming);
      merged.is_primary = decidePrimary(cs, w, c, ctx);
      const changed = change(w, { ...merged, times_seen: w.record.times_seen + 1 }, ctx.reason);
      if (!changed && !w.dirty && !w.isNew) {
        // Only bookkeeping moved (times seen): written, but neither audited nor announced.
        touched.push(w);
        w.dirty = true;
      }
      if (duplicate) counts.duplicates++;
      else if (changed) counts.updated++;
      else counts.unchanged++;
    } else {
      if (exceedsPhoneLimit(cs.live, ctx.rules)) {
        const v: RuleViolation = {
          code: 'TOO_MANY_PHONES',
          action: ctx.rules.actions.too_many_phones,
          field: 'customer_id',
          message: `customer already holds ${cs.live} phones; the limit is ${ctx.rules.max_phones_per_customer}`,
        };
        if (v.action === 'reject') {
          reject(c, [formatReason(v)]);
          continue;
        }
        incoming.issues.push(v.code);
        counts.flagged[v.code] = (counts.flagged[v.code] ?? 0) + 1;
      }
      w = {
        record: { ...incoming, phone_id: ctx.newId(), created_at: ctx.now },
        isNew: true,
        dirty: true,
        seen: false,
      };
      cs.byNumber.set(result.normalized, w);
      cs.live++;
      w.record.is_primary = decidePrimary(cs, w, c, ctx);
      plan.inserts.push(w.record);
      audit(w, null, ctx.reason);
      counts.inserted++;
    }
    w.seen = true;
    if (w.record.is_primary) cs.primary = w;
    plan.lineage.push({
      phone_id: w.record.phone_id,
      batch_id: ctx.batch_id,
      source_system: c.source,
      source_record_id: c.source_record_id,
      row_number: c.row,
    });
  }

  // Inserts hold their final state (a later row of the chunk may have changed them).
  plan.inserts = plan.inserts.map(
    (r) => customers.get(r.customer_id)?.byNumber.get(r.phone_number)?.record ?? r,
  );
  plan.updates = touched.map((w) => w.record);
  return plan;

  /**
   * One primary per customer: a row that claims primary takes it unless the current primary
   * is newer; a customer without a primary gets the first number it is seen with.
   * Demoting the old primary is a change of its own (audited, an event).
   */
  function decidePrimary(cs: CustomerState, w: Working, c: ImportCandidate, ctx2: ChunkContext): boolean {
    const current = cs.primary;
    if (current === w) return true;
    if (!current || !isLive(current.record)) return true;
    if (!c.is_primary) return false;
    if (c.updated_at.getTime() < current.record.updated_at.getTime()) return false;
    change(
      current,
      { ...current.record, is_primary: false },
      `${ctx2.reason}: primary moved to another number`,
    );
    cs.primary = undefined;
    return true;
  }
}
