import type DataLoader from 'dataloader';
import { PhonesetError } from '../../core/errors.js';
import { CHANGE_TOPIC } from '../../core/registry/change-topic.js';
import type { PhoneRecord, RegistryPhoneType } from '../../core/registry/phone-record.js';
import type { AuditEntry } from '../../store/audit.repository.js';
import type { OutboxEventInput } from '../../store/outbox.repository.js';
import type { PhoneFilter } from '../../store/phone.repository.js';
import type { CustomerCache } from './customer-cache.js';
import { createCustomerLoader } from './customer-loader.js';
import type { RegistryStore } from './registry-store.js';

/** Who asks, for audit rows. */
export interface Caller {
  client_id: string;
  request_id: string;
}

/** Search filters of `POST /v1/phones/search`; lists mean "any of". */
export interface PhoneSearch {
  customer_ids?: string[];
  phone_types?: string[];
  countries?: string[];
  sources?: string[];
  verified_only?: boolean;
  updated_since?: string;
  limit: number;
  offset?: number;
  /** Opaque cursor from a previous page's `next_cursor`. */
  cursor?: string;
}

/** One page of search results. */
export interface PhonePage {
  records: PhoneRecord[];
  /** Pass as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
}

/** The changes `PATCH /v1/phones/{phone_id}` may make. */
export interface PhonePatch {
  is_verified?: boolean;
  verification_method?: string;
  is_primary?: true;
  phone_type?: RegistryPhoneType;
  reason?: string;
}

const CHANGED_FIELDS = [
  'phone_type',
  'is_primary',
  'is_verified',
  'verification_method',
  'deleted_at',
] as const;

interface Change {
  before: PhoneRecord;
  after: PhoneRecord;
}

const isLiveMaster = (r: PhoneRecord) => r.deleted_at === null && r.merged_into === null;

/** Primary first, then the most recently updated. */
function byPrimaryThenRecent(a: PhoneRecord, b: PhoneRecord): number {
  if (a.is_primary !== b.is_primary) return a.is_primary ? -1 : 1;
  return b.updated_at.getTime() - a.updated_at.getTime();
}

function encodeCursor(phoneId: string): string {
  return Buffer.from(JSON.stringify({ after: phoneId })).toString('base64url');
}

function decodeCursor(cursor: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof parsed.after === 'string' && /^\d+$/.test(parsed.after)) return parsed.after;
  } catch {
    // fall through to the error
  }
  throw new PhonesetError('API_BAD_REQUEST', {
    detail: 'cursor is not one this API issued; pass next_cursor unchanged',
    fields: [{ field: 'body.cursor', reason: 'invalid cursor' }],
  });
}

function pick(record: PhoneRecord, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) out[f] = (record as unknown as Record<string, unknown>)[f];
  return out;
}

/**
 * The registry operations behind the phone routes: cached customer reads,
 * search with keyset cursors, and audited changes (each written atomically
 * with its audit row and outbox event, then the customer's cache entry dropped).
 *
 * @example
 * const phones = new PhonesService(store, customers);
 * const records = await phones.listCustomer('C1', { verifiedOnly: false });
 */
export class PhonesService {
  readonly #store: RegistryStore;
  readonly #customers: CustomerCache;
  readonly #loader: DataLoader<string, PhoneRecord[]>;

  constructor(store: RegistryStore, customers: CustomerCache) {
    this.#store = store;
    this.#customers = customers;
    this.#loader = createCustomerLoader(store.phones);
  }

  /** A customer's live phones, primary first, then most recent. */
  async listCustomer(customerId: string, options: { verifiedOnly: boolean }): Promise<PhoneRecord[]> {
    const records = await this.#customers.get(customerId, async () =>
      (await this.#loader.load(customerId)).filter(isLiveMaster),
    );
    return records.filter((r) => !options.verifiedOnly || r.is_verified).sort(byPrimaryThenRecent);
  }

  /** Writes one READ audit row per record whose unmasked number is revealed. */
  async auditReveal(records: readonly PhoneRecord[], caller: Caller, what: string): Promise<void> {
    if (records.length === 0) return;
    const entries: AuditEntry[] = records.map((r) => ({
      phone_id: r.phone_id,
      customer_id: r.customer_id,
      operation: 'READ',
      old_values: null,
      new_values: null,
      changed_by: caller.client_id,
      change_reason: what,
      request_id: caller.request_id,
    }));
    await this.#store.audit.append(entries);
  }

  /**
   * One page of live records matching every filter, in phone_id order. Single
   * values go to the store's indexed filter; lists are checked here.
   */
  async search(query: PhoneSearch): Promise<PhonePage> {
    const matches = (r: PhoneRecord): boolean =>
      isLiveMaster(r) &&
      (!query.customer_ids || query.customer_ids.includes(r.customer_id)) &&
      (!query.phone_types || query.phone_types.includes(r.phone_type)) &&
      (!query.countries || query.countries.includes(r.country_code ?? '')) &&
      (!query.sources || r.sources.some((s) => query.sources?.includes(s))) &&
      (!query.verified_only || r.is_verified) &&
      (!query.updated_since || r.updated_at >= new Date(query.updated_since));
    const after = query.cursor ? decodeCursor(query.cursor) : '0';
    let skip = query.offset ?? 0;
    const records: PhoneRecord[] = [];
    let more = false;

    const take = (r: PhoneRecord): boolean => {
      if (!matches(r) || BigInt(r.phone_id) <= BigInt(after)) return true;
      if (skip > 0) {
        skip--;
        return true;
      }
      if (records.length === query.limit) {
        more = true;
        return false;
      }
      records.push(r);
      return true;
    };

    if (query.customer_ids) {
      const all = await this.#store.phones.listByCustomers(query.customer_ids);
      all.sort((a, b) => (BigInt(a.phone_id) < BigInt(b.phone_id) ? -1 : 1));
      for (const r of all) if (!take(r)) break;
    } else {
      const filter: PhoneFilter = { masters_only: true };
      if (query.verified_only) filter.verified_only = true;
      if (query.updated_since) filter.updated_since = new Date(query.updated_since);
      if (query.phone_types?.length === 1) filter.phone_type = query.phone_types[0] as string;
      if (query.countries?.length === 1) filter.country_code = query.countries[0] as string;
      if (query.sources?.length === 1) filter.source = query.sources[0] as PhoneFilter['source'];
      const pageSize = Math.min(5000, query.limit + (query.offset ?? 0) + 1);
      for await (const r of this.#store.phones.iterate(filter, { afterId: after, pageSize })) {
        if (!take(r)) break;
      }
    }
    const last = records[records.length - 1];
    return { records, next_cursor: more && last ? encodeCursor(last.phone_id) : null };
  }

  /** Verifies, sets primary or changes the type of a live record; audited with the caller as actor. */
  async patch(phoneId: string, patch: PhonePatch, caller: Caller): Promise<PhoneRecord> {
    const current = await this.#store.phones.get(phoneId);
    if (!current || current.deleted_at !== null)
      throw new PhonesetError('API_PHONE_NOT_FOUND', { phone_id: phoneId });
    const now = new Date();
    const next: PhoneRecord = { ...current, updated_at: now };
    if (patch.phone_type !== undefined) next.phone_type = patch.phone_type;
    if (patch.is_verified !== undefined) {
      next.is_verified = patch.is_verified;
      next.verification_method = patch.is_verified ? (patch.verification_method ?? 'api') : null;
    }
    const changes: Change[] = [{ before: current, after: next }];
    if (patch.is_primary) {
      next.is_primary = true;
      // One primary per customer: the previous primary steps down in the same transaction.
      for (const other of await this.#store.phones.listByCustomer(current.customer_id)) {
        if (other.phone_id !== phoneId && other.is_primary) {
          changes.push({ before: other, after: { ...other, is_primary: false, updated_at: now } });
        }
      }
    }
    await this.#write(changes, 'UPDATE', patch.reason ?? 'api patch', caller);
    return next;
  }

  /** Soft-deletes a live record (hidden, kept for audit and undo); audited with the caller as actor. */
  async softDelete(phoneId: string, reason: string | undefined, caller: Caller): Promise<PhoneRecord> {
    const current = await this.#store.phones.get(phoneId);
    if (!current || current.deleted_at !== null)
      throw new PhonesetError('API_PHONE_NOT_FOUND', { phone_id: phoneId });
    const now = new Date();
    const next: PhoneRecord = { ...current, deleted_at: now, is_primary: false, updated_at: now };
    await this.#write([{ before: current, after: next }], 'DELETE', reason ?? 'api delete', caller);
    return next;
  }

  async #write(
    changes: Change[],
    operation: 'UPDATE' | 'DELETE',
    reason: string,
    caller: Caller,
  ): Promise<void> {
    const audits: AuditEntry[] = [];
    const outbox: OutboxEventInput[] = [];
    changes.forEach(({ before, after }, i) => {
      const fields = CHANGED_FIELDS.filter((f) => String(before[f]) !== String(after[f]));
      // Only the record asked for is deleted; a side effect on a sibling is an update.
      const op = i === 0 ? operation : 'UPDATE';
      audits.push({
        phone_id: after.phone_id,
        customer_id: after.customer_id,
        operation: op,
        old_values: pick(before, fields),
        new_values: pick(after, fields),
        changed_by: caller.client_id,
        change_reason: reason,
        request_id: caller.request_id,
      });
      outbox.push({
        topic: CHANGE_TOPIC,
        key: after.customer_id,
        payload: {
          operation: op,
          phone_id: after.phone_id,
          customer_id: after.customer_id,
          request_id: caller.request_id,
          changed_by: caller.client_id,
          reason,
          changes: pick(after, fields),
        },
      });
    });
    await this.#store.applyChanges({ updates: changes.map((c) => c.after), audits, outbox });
    await this.#customers.invalidate(changes.map((c) => c.after.customer_id));
  }
}
