import type { BatchRowOutcome } from '../../core/quality/index.js';
import type { PhoneRecord } from '../../core/registry/phone-record.js';
import { RULE_CODES } from '../../core/rules/index.js';
import type { BatchManifest } from '../../store/batch.repository.js';
import { resolveColumns } from '../formats/resolve-columns.js';
import { reasonCode } from '../import/plan-chunk.js';
import type { QualityEngine, QualityStore } from './quality-ports.js';

/** Reasons that mean a required field (customer id, phone) was missing or unreadable. */
const INCOMPLETE = new Set(['MISSING_CUSTOMER_ID', 'NO_NUMBER', 'INPUT_BAD_ROW']);
/** Reasons that mean the phone is not a valid number of its plan. */
const INVALID = new Set(['INVALID_FOR_PLAN', 'LENGTH_OUT_OF_BOUNDS']);
const RULE_FLAGS: ReadonlySet<string> = new Set([...RULE_CODES, 'FAKE_PATTERN']);

/**
 * The row outcomes of an imported batch, rebuilt from what the store keeps of it: each
 * lineage row (an accepted row, judged by the record it fed) and each rejected row (judged by
 * its reason codes and, with an engine, its raw customer id and phone read back). Rows are
 * yielded accepted first, then rejected; ids are the batch's row numbers.
 *
 * @example
 * for await (const outcome of readBatchOutcomes(store, batch)) accumulator.add(outcome);
 */
export async function* readBatchOutcomes(
  store: Pick<QualityStore, 'lineage' | 'rejects' | 'phones'>,
  batch: BatchManifest,
  engine?: RawPhoneReader,
): AsyncIterable<BatchRowOutcome> {
  const arrived = batch.received_at;
  const cache = new Map<string, PhoneRecord | undefined>();
  let synthetic = 0;
  for await (const line of store.lineage.iterateByBatch(batch.batch_id)) {
    let record = cache.get(line.phone_id);
    if (!cache.has(line.phone_id)) {
      record = await store.phones.get(line.phone_id);
      // Batches hold a few rows per record at most; keep the cache small.
      if (cache.size > 10_000) cache.clear();
      cache.set(line.phone_id, record);
    }
    const row = line.row_number ?? --synthetic;
    if (!record) continue; // purged after an erasure: nothing left to judge
    yield acceptedRowOutcome(row, line.source_system, record, arrived);
  }
  for await (const reject of store.rejects.iterateByBatch(batch.batch_id)) {
    yield rejectedRowOutcome(reject.row_number ?? --synthetic, reject, batch.source, arrived, engine);
  }
}

/** Reads a rejected row's raw phone as E.164 (the phone engine), for uniqueness of rejected rows. */
export type RawPhoneReader = QualityEngine & { normalize(raw: string): { normalized: string | null } };

/**
 * The outcome of an accepted row, judged by the registry record it fed. The import's
 * `--gate` check and the gate's later measurement both use it, so they judge a row alike.
 *
 * @example
 * evaluator.add(acceptedRowOutcome(7, 'crm_salesforce', record, batch.received_at));
 */
export function acceptedRowOutcome(
  row: number,
  sourceSystem: string,
  record: PhoneRecord,
  arrived: Date,
): BatchRowOutcome {
  return {
    row,
    customer_id: record.customer_id,
    phone_number: record.phone_number,
    source_system: sourceSystem,
    has_required_fields: true,
    phone_valid: record.is_valid,
    passed_rules: record.is_valid && !record.issues.some((c) => RULE_FLAGS.has(c)),
    updated_at: record.updated_at,
    arrived_at: arrived,
    phone_type: record.phone_type,
    country_code: record.country_code,
    carrier: record.carrier,
    is_verified: record.is_verified,
    issues: record.issues,
  };
}

/**
 * The outcome of a rejected row, judged by its reason codes and (with an engine) its raw
 * customer id and phone read back.
 *
 * @example
 * evaluator.add(rejectedRowOutcome(9, reject, 'web_forms', batch.received_at, engine));
 */
export function rejectedRowOutcome(
  row: number,
  reject: { reasons: readonly string[]; raw_values: Record<string, unknown> },
  source: string,
  arrived: Date,
  engine?: RawPhoneReader,
): BatchRowOutcome {
  const codes = reject.reasons.map(reasonCode);
  const complete = !codes.some((c) => INCOMPLETE.has(c));
  const valid = complete && !codes.some((c) => INVALID.has(c));
  const raw = readRaw(reject.raw_values, engine);
  return {
    row,
    customer_id: raw.customer_id,
    phone_number: valid ? raw.phone_number : null,
    source_system: source,
    has_required_fields: complete,
    phone_valid: valid,
    passed_rules: false,
    updated_at: null,
    arrived_at: arrived,
    issues: codes,
  };
}

/** Customer id and E.164 of a rejected row's raw fields, when its columns can be told. */
function readRaw(
  fields: Record<string, unknown>,
  engine: { normalize(raw: string): { normalized: string | null } } | undefined,
): { customer_id: string | null; phone_number: string | null } {
  try {
    const columns = resolveColumns(Object.keys(fields));
    const text = (v: unknown) => (v === null || v === undefined ? '' : String(v).trim());
    const customer = columns.customer_id ? text(fields[columns.customer_id]) : '';
    const phone = text(fields[columns.phone_number]);
    return {
      customer_id: customer === '' ? null : customer,
      phone_number: engine && phone !== '' ? engine.normalize(phone).normalized : null,
    };
  } catch {
    return { customer_id: null, phone_number: null };
  }
}
