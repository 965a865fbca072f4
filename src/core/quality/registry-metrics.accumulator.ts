import type { PhoneRecord } from '../registry/phone-record.js';
import type { MetricsAccumulator } from './batch-metrics.accumulator.js';
import { createCustomerTally } from './create-customer-tally.js';
import { createValueCounter } from './create-value-counter.js';
import { createIdCollector, type IdCollector } from './id-collector.js';
import type { Dimension, RegistryQualityMetrics } from './quality-types.js';
import { ratio } from './ratio.js';

const HOUR_MS = 3_600_000;

/**
 * Records of unresolved duplicate clusters beyond their master, as dedupe reports them:
 * either only how many, or the ids themselves (then uniqueness can name its failing records).
 */
export type UnresolvedDuplicates = { count: number } | { ids: ReadonlySet<string> };

/** Options of the registry accumulator. */
export interface RegistryMetricsOptions {
  /** The measurement time: "today" for validity and timeliness. Default: the current time. */
  now?: Date;
  unresolvedDuplicates?: UnresolvedDuplicates;
  slaHours?: number;
  maxPhonesPerCustomer?: number;
  collectFailingIds?: boolean;
  /** The store streams `ORDER BY customer_id`: per-customer counts in flat memory. */
  orderedByCustomer?: boolean;
  /**
   * Valid for its numbering plan today. The verdict stored with the record may predate a
   * metadata update; pass the engine's current verdict here. Default: the stored `is_valid`.
   */
  isValidToday?: (record: PhoneRecord) => boolean;
  /** Passes every rule today. Default: valid today and no `FAKE_PATTERN` issue. */
  passesRulesToday?: (record: PhoneRecord) => boolean;
}

/**
 * Registry-level quality (ARCHITECTURE §6) in one streaming pass over registry records:
 * completeness = customers with at least one valid phone / customers; accuracy = records
 * valid for their plan today / records; validity = records passing every rule today / records;
 * uniqueness = 1 − (records in unresolved duplicate clusters beyond their master) / records;
 * timeliness = hours since the newest update, and the share of records updated within the
 * SLA (the dimension's score). Soft-deleted records and records merged into a master are not
 * part of the published dataset: they are counted as `excluded` only.
 *
 * @example
 * const acc = createRegistryMetricsAccumulator({ now: new Date(), unresolvedDuplicates: { count: 12 } });
 * for await (const record of store.streamRecords()) acc.add(record);
 * acc.result().scores.uniqueness;
 */
export function createRegistryMetricsAccumulator(
  options: RegistryMetricsOptions = {},
): MetricsAccumulator<PhoneRecord, RegistryQualityMetrics> {
  const measuredAt = options.now ?? new Date();
  const now = measuredAt.getTime();
  const slaHours = options.slaHours ?? 720;
  const maxPhones = options.maxPhonesPerCustomer ?? 5;
  const isValidToday = options.isValidToday ?? ((r: PhoneRecord) => r.is_valid);
  const passesRulesToday =
    options.passesRulesToday ?? ((r: PhoneRecord) => isValidToday(r) && !r.issues.includes('FAKE_PATTERN'));
  const duplicates = options.unresolvedDuplicates;
  const duplicateIds = duplicates && 'ids' in duplicates ? duplicates.ids : null;
  const collect = options.collectFailingIds ?? false;
  const failing: Partial<Record<Dimension, IdCollector>> = collect
    ? {
        completeness: createIdCollector('customer_id'),
        accuracy: createIdCollector('phone_id'),
        validity: createIdCollector('phone_id'),
        uniqueness: createIdCollector('phone_id'),
        timeliness: createIdCollector('phone_id'),
      }
    : {};
  let covered = 0;
  let overLimit = 0;
  const customers = createCustomerTally({
    orderedByCustomer: options.orderedByCustomer ?? false,
    onCustomer: (c) => {
      if (c.phones > maxPhones) overLimit++;
      if (c.hasValidPhone) covered++;
      else failing.completeness?.add(c.customerId);
    },
  });
  const bySource = createValueCounter();
  const byType = createValueCounter();
  const byCountry = createValueCounter();
  const byCarrier = createValueCounter();
  const issues = createValueCounter();
  let total = 0;
  let excluded = 0;
  let valid = 0;
  let passedRules = 0;
  let verified = 0;
  let withinSla = 0;
  let duplicatesSeen = 0;
  let newest = Number.NEGATIVE_INFINITY;

  return {
    add(record) {
      if (record.deleted_at !== null || record.merged_into !== null) {
        excluded++;
        return;
      }
      total++;
      const isValid = isValidToday(record);
      customers.add(record.customer_id, isValid);
      if (isValid) valid++;
      else failing.accuracy?.add(record.phone_id);
      if (passesRulesToday(record)) passedRules++;
      else failing.validity?.add(record.phone_id);
      if (record.is_verified) verified++;
      if (duplicateIds?.has(record.phone_id)) {
        duplicatesSeen++;
        failing.uniqueness?.add(record.phone_id);
      }
      const updated = record.updated_at.getTime();
      newest = Math.max(newest, updated);
      if ((now - updated) / HOUR_MS <= slaHours) withinSla++;
      else failing.timeliness?.add(record.phone_id);
      bySource.add(record.source_system);
      byType.add(record.phone_type);
      byCountry.add(record.country_code);
      byCarrier.add(record.carrier);
      for (const code of record.issues) issues.add(code);
    },
    result() {
      customers.finish();
      // Dedupe's ids may include records that are deleted or outside this pass; only those
      // measured here count.
      const unresolved = duplicateIds
        ? duplicatesSeen
        : Math.min(total, duplicates && 'count' in duplicates ? duplicates.count : 0);
      const failingIds = collect
        ? Object.fromEntries(Object.entries(failing).map(([dimension, c]) => [dimension, c.result()]))
        : undefined;
      return {
        level: 'registry',
        measured_at: measuredAt.toISOString(),
        total,
        excluded,
        valid,
        invalid: total - valid,
        duplicate: unresolved,
        unresolved_duplicates: unresolved,
        passed_rules: passedRules,
        customers_with_valid_phone: covered,
        scores: {
          completeness: ratio(covered, customers.customers),
          accuracy: ratio(valid, total),
          validity: ratio(passedRules, total),
          uniqueness: total === 0 ? null : 1 - unresolved / total,
          timeliness: ratio(withinSla, total),
        },
        timeliness: {
          sla_hours: slaHours,
          measured: total,
          within_sla: withinSla,
          share_within_sla: ratio(withinSla, total),
          median_lag_hours: null,
          p95_lag_hours: null,
          future_updated_at: 0,
          hours_since_newest: total === 0 ? null : Math.max(0, (now - newest) / HOUR_MS),
          newest_updated_at: total === 0 ? null : new Date(newest).toISOString(),
        },
        kpis: {
          customers: customers.customers,
          phones_per_customer: ratio(total, customers.customers),
          verification_rate: ratio(verified, total),
          coverage_rate: ratio(covered, customers.customers),
          customers_over_limit: overLimit,
        },
        distributions: {
          source: bySource.result(),
          type: byType.result(),
          country: byCountry.result(),
          carrier: byCarrier.result(20),
        },
        top_issues: issues.result(20),
        ...(failingIds ? { failing: failingIds } : {}),
      };
    },
  };
}
