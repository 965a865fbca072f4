import type { ExportRecord, TruthRecord } from '../generate/customer-export.js';
import { normalizePhone } from '../phone/normalize-phone.js';
import type { PhoneEnricher } from '../phone/phone-result.js';
import { type PhoneRecord, SOURCE_SYSTEMS, type SourceSystem } from '../registry/phone-record.js';

/** Registry records built from export rows, and (only when truth rows were given) the true clusters. */
export interface RegistryFromExport {
  records: PhoneRecord[];
  /** True clusters of two or more phone ids (singletons add no pair); for evaluation only, never given to the matcher. */
  truth: string[][];
  rows: number;
  /** Rows with no readable number (junk), left out as an import would reject them. */
  unreadableRows: number;
  /** Registry records whose rows belong to more than one true cluster (counted under the first). */
  mixedRecords: number;
  /** With `keepRows`: phone id → source_record_ids merged into it (row-level evaluation). */
  rowsOf?: Map<string, string[]>;
}

/**
 * Turns raw export rows into registry-like records the way an import does: normalizes each
 * phone, drops unreadable ones, and merges exact (customer, E.164) repeats into one record
 * (times seen, sources, verified if any row was, newest update, best confidence). The
 * truth, when present, is only carried through to build the true clusters for evaluation.
 *
 * @example
 * const { records, truth } = buildRegistryFromExport(generateCustomerExport({ rows: 10_000, seed: 1 }));
 */
export function buildRegistryFromExport(
  rows: Iterable<{ record: ExportRecord; truth?: TruthRecord }>,
  options: { enricher?: PhoneEnricher; keepRows?: boolean } = {},
): RegistryFromExport {
  const byKey = new Map<string, PhoneRecord>();
  const clusterOf = new Map<string, string>();
  let mixedRecords = 0;
  let unreadableRows = 0;
  let count = 0;
  const mixed = new Set<string>();
  const rowsOf = options.keepRows ? new Map<string, string[]>() : undefined;
  for (const { record: row, truth } of rows) {
    count++;
    const result = normalizePhone(row.phone_number, options.enricher ? { enricher: options.enricher } : {});
    if (!result.normalized) {
      unreadableRows++;
      continue;
    }
    const key = `${row.customer_id}\u0000${result.normalized}`;
    const updated = new Date(row.updated_at);
    const source = row.source_system as SourceSystem;
    const verified = row.is_verified === 'true';
    const existing = byKey.get(key);
    if (!existing) {
      const r: PhoneRecord = {
        phone_id: row.source_record_id,
        customer_id: row.customer_id,
        phone_number: result.normalized,
        phone_type: result.type,
        country_code: result.country_code,
        carrier: result.carrier,
        region: result.region,
        timezone: result.timezone,
        is_valid: result.is_valid,
        is_primary: row.is_primary === 'true',
        is_verified: verified,
        verification_method: null,
        confidence_score: result.confidence_score,
        source_system: source,
        sources: [source],
        times_seen: 1,
        issues: [...result.issues],
        merged_into: null,
        created_at: updated,
        updated_at: updated,
        deleted_at: null,
      };
      byKey.set(key, r);
      rowsOf?.set(r.phone_id, [row.source_record_id]);
      if (truth?.cluster_id) clusterOf.set(r.phone_id, truth.cluster_id);
      continue;
    }
    existing.times_seen++;
    rowsOf?.get(existing.phone_id)?.push(row.source_record_id);
    existing.is_verified ||= verified;
    existing.is_primary ||= row.is_primary === 'true';
    if (!existing.sources.includes(source)) {
      existing.sources.push(source);
      existing.sources.sort((a, b) => SOURCE_SYSTEMS.indexOf(a) - SOURCE_SYSTEMS.indexOf(b));
      existing.source_system = existing.sources[0] as SourceSystem;
    }
    if (result.confidence_score > existing.confidence_score)
      existing.confidence_score = result.confidence_score;
    if (updated > existing.updated_at) existing.updated_at = updated;
    if (updated < existing.created_at) existing.created_at = updated;
    const known = clusterOf.get(existing.phone_id);
    if (
      truth?.cluster_id &&
      known !== undefined &&
      known !== truth.cluster_id &&
      !mixed.has(existing.phone_id)
    ) {
      mixed.add(existing.phone_id);
      mixedRecords++;
    }
  }
  const records = [...byKey.values()];
  const clusters = new Map<string, string[]>();
  for (const r of records) {
    const c = clusterOf.get(r.phone_id);
    if (c === undefined) continue;
    const list = clusters.get(c);
    if (list) list.push(r.phone_id);
    else clusters.set(c, [r.phone_id]);
  }
  return {
    records,
    truth: [...clusters.values()].filter((c) => c.length > 1),
    rows: count,
    unreadableRows,
    mixedRecords,
    ...(rowsOf ? { rowsOf } : {}),
  };
}
