import { DDSketch } from '@datadog/sketches-js';
import type { BatchRowOutcome } from './batch-row-outcome.js';
import { createCustomerTally } from './create-customer-tally.js';
import { createKeySet } from './create-key-set.js';
import { createValueCounter } from './create-value-counter.js';
import { createIdCollector, type IdCollector } from './id-collector.js';
import type { BatchQualityMetrics, Dimension } from './quality-types.js';
import { ratio } from './ratio.js';

const HOUR_MS = 3_600_000;

/** Options of the batch accumulator. */
export interface BatchMetricsOptions {
  slaHours?: number;
  maxPhonesPerCustomer?: number;
  /** Keep the row numbers failing each dimension (for expectations and reports). */
  collectFailingIds?: boolean;
  /** The batch is sorted by customer_id: per-customer counts in flat memory. */
  orderedByCustomer?: boolean;
  /** Reported as `measured_at`; defaults to the newest arrival. */
  measuredAt?: Date;
}

/** A streaming accumulator: `add` each row once, `result` at the end. */
export interface MetricsAccumulator<Row, Result> {
  add(row: Row): void;
  result(): Result;
}

/**
 * Batch-level quality (ARCHITECTURE §6) in one streaming pass over row outcomes:
 * completeness = rows with every required field / rows received; accuracy = rows whose
 * phone is valid for its plan / complete rows; validity = rows passing every rule / complete
 * rows; uniqueness = distinct (customer_id, E.164) / valid rows; timeliness = lag between
 * the source's `updated_at` and arrival (median, p95 and the share within the SLA, which is
 * the dimension's score).
 *
 * @example
 * const acc = createBatchMetricsAccumulator({ slaHours: 24 });
 * for await (const outcome of outcomes) acc.add(outcome);
 * const metrics = acc.result(); // metrics.scores.accuracy …
 */
export function createBatchMetricsAccumulator(
  options: BatchMetricsOptions = {},
): MetricsAccumulator<BatchRowOutcome, BatchQualityMetrics> {
  const slaHours = options.slaHours ?? 24;
  const maxPhones = options.maxPhonesPerCustomer ?? 5;
  const collect = options.collectFailingIds ?? false;
  const failing: Partial<Record<Dimension, IdCollector>> = collect
    ? {
        completeness: createIdCollector('row'),
        accuracy: createIdCollector('row'),
        validity: createIdCollector('row'),
        uniqueness: createIdCollector('row'),
        timeliness: createIdCollector('row'),
      }
    : {};
  const seen = createKeySet();
  // Relative accuracy 1 %: median and p95 of lags without keeping every lag.
  const lags = new DDSketch({ relativeAccuracy: 0.01 });
  let covered = 0;
  let overLimit = 0;
  const customers = createCustomerTally({
    orderedByCustomer: options.orderedByCustomer ?? false,
    onCustomer: (c) => {
      if (c.phones > maxPhones) overLimit++;
      if (c.hasValidPhone) covered++;
    },
  });
  const bySource = createValueCounter();
  const byType = createValueCounter();
  const byCountry = createValueCounter();
  const byCarrier = createValueCounter();
  const issues = createValueCounter();
  let total = 0;
  let complete = 0;
  let valid = 0;
  let passedRules = 0;
  let distinctValid = 0;
  let verified = 0;
  let verificationKnown = 0;
  let measured = 0;
  let withinSla = 0;
  let future = 0;
  let newestArrival = Number.NEGATIVE_INFINITY;

  return {
    add(row) {
      total++;
      newestArrival = Math.max(newestArrival, row.arrived_at.getTime());
      bySource.add(row.source_system);
      byType.add(row.phone_type);
      byCountry.add(row.country_code);
      byCarrier.add(row.carrier);
      for (const code of row.issues ?? []) issues.add(code);
      if (row.is_verified !== undefined && row.is_verified !== null) {
        verificationKnown++;
        if (row.is_verified) verified++;
      }
      if (row.updated_at) {
        measured++;
        let lag = (row.arrived_at.getTime() - row.updated_at.getTime()) / HOUR_MS;
        if (lag < 0) {
          future++;
          lag = 0;
        }
        lags.accept(lag);
        if (lag <= slaHours) withinSla++;
        else failing.timeliness?.add(row.row);
      }
      if (!row.has_required_fields) {
        failing.completeness?.add(row.row);
        return;
      }
      complete++;
      if (row.passed_rules) passedRules++;
      else failing.validity?.add(row.row);
      const customerId = row.customer_id ?? '';
      if (!row.phone_valid) {
        failing.accuracy?.add(row.row);
        customers.add(customerId, false, false);
        return;
      }
      valid++;
      if (seen.add(customerId, row.phone_number ?? '')) {
        distinctValid++;
        customers.add(customerId, true, true);
      } else {
        failing.uniqueness?.add(row.row);
        customers.add(customerId, true, false);
      }
    },
    result() {
      // The sketch answers within 1 %; clamping to the exact extremes keeps a single lag exact.
      const quantile = (q: number) => Math.min(lags.max, Math.max(lags.min, lags.getValueAtQuantile(q)));
      customers.finish();
      const failingIds = collect
        ? Object.fromEntries(Object.entries(failing).map(([dimension, c]) => [dimension, c.result()]))
        : undefined;
      return {
        level: 'batch',
        measured_at: (options.measuredAt ?? new Date(total === 0 ? Date.now() : newestArrival)).toISOString(),
        total,
        complete,
        valid,
        invalid: complete - valid,
        passed_rules: passedRules,
        distinct_valid: distinctValid,
        duplicate: valid - distinctValid,
        scores: {
          completeness: ratio(complete, total),
          accuracy: ratio(valid, complete),
          validity: ratio(passedRules, complete),
          uniqueness: ratio(distinctValid, valid),
          timeliness: ratio(withinSla, measured),
        },
        timeliness: {
          sla_hours: slaHours,
          measured,
          within_sla: withinSla,
          share_within_sla: ratio(withinSla, measured),
          median_lag_hours: measured === 0 ? null : quantile(0.5),
          p95_lag_hours: measured === 0 ? null : quantile(0.95),
          future_updated_at: future,
          hours_since_newest: null,
          newest_updated_at: null,
        },
        kpis: {
          customers: customers.customers,
          phones_per_customer: ratio(distinctValid, customers.customers),
          verification_rate: ratio(verified, verificationKnown),
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
