import type { PhoneRecord } from '../registry/phone-record.js';
import { createBatchMetricsAccumulator, type MetricsAccumulator } from './batch-metrics.accumulator.js';
import type { BatchRowOutcome } from './batch-row-outcome.js';
import { createCustomerTally } from './create-customer-tally.js';
import { createKeySet } from './create-key-set.js';
import type { Expectation, ExpectationSuite, ExpectationType, Severity } from './expectation-suite.js';
import { type GradeResult, gradeQuality } from './grade-quality.js';
import { createIdCollector } from './id-collector.js';
import type { FailingIds, QualityLevel, QualityMetrics } from './quality-types.js';
import { ratio } from './ratio.js';
import {
  createRegistryMetricsAccumulator,
  type UnresolvedDuplicates,
} from './registry-metrics.accumulator.js';

/** The outcome of one expectation on one dataset. */
export interface ExpectationResult {
  expectation: string;
  type: ExpectationType;
  level: QualityLevel;
  severity: Severity;
  description: string | null;
  /** The measured value (a ratio, or hours for `max_within_hours`); null when nothing was measurable. */
  observed: number | null;
  threshold: number;
  /** `observed >= threshold` or `observed <= threshold`. */
  comparison: '>=' | '<=';
  unit: 'ratio' | 'hours';
  passed: boolean;
  /** Rows or records (customers for per-customer checks) the expectation looked at. */
  evaluated: number;
  /** Every failing id, compact, with its count. */
  failing_ids: FailingIds;
  message: string;
}

/** Metrics, grade and expectation results of one dataset (the registry, or one batch). */
export interface SuiteEvaluation {
  level: QualityLevel;
  metrics: QualityMetrics;
  grade: GradeResult;
  results: ExpectationResult[];
}

/** Options shared by both levels. */
interface EvaluationOptionsBase {
  /** The measurement time: "now" for freshness. Batch default: the batch's newest arrival. */
  now?: Date;
  orderedByCustomer?: boolean;
}

/** Registry-level evaluation options. */
export interface RegistryEvaluationOptions extends EvaluationOptionsBase {
  level: 'registry';
  now: Date;
  unresolvedDuplicates?: UnresolvedDuplicates;
  isValidToday?: (record: PhoneRecord) => boolean;
  passesRulesToday?: (record: PhoneRecord) => boolean;
}

/** Batch-level evaluation options. */
export interface BatchEvaluationOptions extends EvaluationOptionsBase {
  level: 'batch';
}

type RowOf<O> = O extends { level: 'registry' } ? PhoneRecord : BatchRowOutcome;
type AnyRow = PhoneRecord | BatchRowOutcome;

interface Checker {
  add(row: AnyRow): void;
  finish(
    metrics: QualityMetrics,
  ): Omit<ExpectationResult, 'expectation' | 'type' | 'level' | 'severity' | 'description'>;
}

const HOUR_MS = 3_600_000;

/**
 * Runs a suite over a dataset in one streaming pass: metrics of the level (the same
 * accumulators the report and the gate use), the grade, and one result per expectation that
 * applies to the level, each with every failing id. Nothing is kept per row beyond the
 * failing ids themselves and one hash per key for uniqueness checks.
 *
 * @example
 * const sut = createSuiteEvaluator(suite, { level: 'registry', now: new Date() });
 * for await (const record of records) sut.add(record);
 * const { metrics, grade, results } = sut.result();
 */
export function createSuiteEvaluator<O extends RegistryEvaluationOptions | BatchEvaluationOptions>(
  suite: ExpectationSuite,
  options: O,
): MetricsAccumulator<RowOf<O>, SuiteEvaluation> {
  const { level } = options;
  const idOf =
    level === 'registry'
      ? (r: AnyRow) => (r as PhoneRecord).phone_id
      : (r: AnyRow) => (r as BatchRowOutcome).row;
  const idKind = level === 'registry' ? 'phone_id' : 'row';
  const live =
    level === 'registry'
      ? (r: AnyRow) => (r as PhoneRecord).deleted_at === null && (r as PhoneRecord).merged_into === null
      : () => true;
  const newMetrics = (): MetricsAccumulator<AnyRow, QualityMetrics> => {
    if (options.level === 'registry') {
      const o = options as RegistryEvaluationOptions;
      return createRegistryMetricsAccumulator({
        now: o.now,
        slaHours: suite.config.sla.registryHours,
        maxPhonesPerCustomer: suite.config.maxPhonesPerCustomer,
        collectFailingIds: true,
        ...(o.unresolvedDuplicates ? { unresolvedDuplicates: o.unresolvedDuplicates } : {}),
        ...(o.isValidToday ? { isValidToday: o.isValidToday } : {}),
        ...(o.passesRulesToday ? { passesRulesToday: o.passesRulesToday } : {}),
        orderedByCustomer: o.orderedByCustomer ?? false,
      }) as MetricsAccumulator<AnyRow, QualityMetrics>;
    }
    return createBatchMetricsAccumulator({
      slaHours: suite.config.sla.batchHours,
      maxPhonesPerCustomer: suite.config.maxPhonesPerCustomer,
      collectFailingIds: true,
      orderedByCustomer: options.orderedByCustomer ?? false,
      ...(options.now ? { measuredAt: options.now } : {}),
    }) as MetricsAccumulator<AnyRow, QualityMetrics>;
  };
  const main = newMetrics();
  const read = (row: AnyRow, column: string): unknown => (row as unknown as Record<string, unknown>)[column];

  const checks = suite.expectations
    .filter((e) => e.levels.includes(level))
    .map((expectation) => {
      const filters = Object.entries(expectation.where);
      const matches = (row: AnyRow) =>
        filters.every(([column, values]) => (values as string[]).includes(String(read(row, column) ?? '')));
      return { expectation, matches, checker: makeChecker(expectation) };
    });

  function makeChecker(e: Expectation): Checker {
    const failing = createIdCollector(idKind);
    const ratioResult = (pass: number, evaluated: number, mostly: number, what: string) => {
      const observed = ratio(pass, evaluated);
      const passed = observed === null ? e.allow_empty : observed >= mostly;
      const message =
        observed === null
          ? `no ${level === 'registry' ? 'records' : 'rows'} to check${e.allow_empty ? ' (allowed)' : ''}`
          : `${percent(observed)} of ${evaluated.toLocaleString('en-US')} ${what} (needs ≥ ${percent(mostly)}); ${failing.count.toLocaleString('en-US')} fail`;
      return {
        observed,
        threshold: mostly,
        comparison: '>=' as const,
        unit: 'ratio' as const,
        passed,
        evaluated,
        failing_ids: failing.result(),
        message,
      };
    };
    switch (e.type) {
      case 'values_match_regex':
      case 'values_in_set':
      case 'values_not_null': {
        const pattern = e.type === 'values_match_regex' ? new RegExp(e.regex, 'u') : null;
        const allowed = e.type === 'values_in_set' ? new Set(e.values) : null;
        let evaluated = 0;
        let pass = 0;
        return {
          add(row) {
            const v = read(row, e.column);
            const empty = v === null || v === undefined || v === '';
            // Like Great Expectations: format checks skip empty values; values_not_null counts them.
            if (empty && e.type !== 'values_not_null') return;
            evaluated++;
            const ok = empty
              ? false
              : pattern
                ? pattern.test(String(v))
                : allowed
                  ? allowed.has(String(v))
                  : true;
            if (ok) pass++;
            else failing.add(idOf(row));
          },
          finish: () =>
            ratioResult(
              pass,
              evaluated,
              e.mostly,
              e.type === 'values_match_regex'
                ? `values of ${e.column} match ${e.regex}`
                : e.type === 'values_in_set'
                  ? `values of ${e.column} are allowed`
                  : `${level === 'registry' ? 'records' : 'rows'} have ${e.column}`,
            ),
        };
      }
      case 'compound_unique': {
        const seen = createKeySet();
        let evaluated = 0;
        let pass = 0;
        return {
          add(row) {
            let first = '';
            let rest = '';
            for (let i = 0; i < e.columns.length; i++) {
              const v = read(row, e.columns[i] as string);
              if (v === null || v === undefined || v === '') return;
              if (i === 0) first = String(v);
              else rest = i === 1 ? String(v) : `${rest}\u0000${String(v)}`;
            }
            evaluated++;
            if (seen.add(first, e.columns.length > 1 ? rest : undefined)) pass++;
            else failing.add(idOf(row));
          },
          finish: () =>
            ratioResult(pass, evaluated, e.mostly, `(${e.columns.join(', ')}) are first occurrences`),
        };
      }
      case 'max_within_hours': {
        let newest = Number.NEGATIVE_INFINITY;
        let evaluated = 0;
        return {
          add(row) {
            const v = read(row, e.column);
            const t = v instanceof Date ? v.getTime() : typeof v === 'string' ? Date.parse(v) : Number.NaN;
            if (Number.isNaN(t)) return;
            evaluated++;
            newest = Math.max(newest, t);
          },
          finish(metrics) {
            const now = (options.now ?? new Date(metrics.measured_at)).getTime();
            const observed = evaluated === 0 ? null : Math.max(0, (now - newest) / HOUR_MS);
            const passed = observed === null ? e.allow_empty : observed <= e.hours;
            return {
              observed,
              threshold: e.hours,
              comparison: '<=',
              unit: 'hours',
              passed,
              evaluated,
              failing_ids: failing.result(),
              message:
                observed === null
                  ? `no ${e.column} to check${e.allow_empty ? ' (allowed)' : ''}`
                  : `newest ${e.column} is ${observed.toFixed(1)} h old (needs ≤ ${e.hours} h)`,
            };
          },
        };
      }
      case 'metric_at_least': {
        const own = Object.keys(e.where).length > 0 ? newMetrics() : null;
        return {
          add(row) {
            own?.add(row);
          },
          finish(metrics) {
            const m = own ? own.result() : metrics;
            const observed = m.scores[e.metric];
            const ids = m.failing?.[e.metric] ?? failing.result();
            const passed = observed === null ? e.allow_empty : observed >= e.threshold;
            return {
              observed,
              threshold: e.threshold,
              comparison: '>=',
              unit: 'ratio',
              passed,
              evaluated: m.total,
              failing_ids: ids,
              message:
                observed === null
                  ? `${e.metric} cannot be measured: no ${level === 'registry' ? 'records' : 'rows'}${e.allow_empty ? ' (allowed)' : ''}`
                  : `${e.metric} ${percent(observed)} (needs ≥ ${percent(e.threshold)}); ${ids.count.toLocaleString('en-US')} ${ids.kind === 'customer_id' ? 'customers' : level === 'registry' ? 'records' : 'rows'} fail`,
            };
          },
        };
      }
      case 'phones_per_customer_at_most': {
        const customerFailing = createIdCollector('customer_id');
        const seen = createKeySet();
        let over = 0;
        let most = 0;
        const tally = createCustomerTally({
          orderedByCustomer: options.orderedByCustomer ?? false,
          onCustomer: (c) => {
            most = Math.max(most, c.phones);
            if (c.phones > e.max) {
              over++;
              customerFailing.add(c.customerId);
            }
          },
        });
        return {
          add(row) {
            const customer = read(row, 'customer_id');
            const phone = read(row, 'phone_number');
            if (typeof customer !== 'string' || customer === '' || typeof phone !== 'string' || phone === '')
              return;
            if (level === 'batch' && !(row as BatchRowOutcome).phone_valid) return;
            // A repeated (customer, phone) is a duplicate, not another phone.
            tally.add(customer, true, seen.add(customer, phone));
          },
          finish() {
            tally.finish();
            const customers = tally.customers;
            const observed = ratio(customers - over, customers);
            const passed = observed === null ? e.allow_empty : observed >= e.mostly;
            return {
              observed,
              threshold: e.mostly,
              comparison: '>=',
              unit: 'ratio',
              passed,
              evaluated: customers,
              failing_ids: customerFailing.result(),
              message:
                observed === null
                  ? `no customers to check${e.allow_empty ? ' (allowed)' : ''}`
                  : `${over.toLocaleString('en-US')} of ${customers.toLocaleString('en-US')} customers have more than ${e.max} phones (most: ${most})`,
            };
          },
        };
      }
    }
  }

  return {
    add(row) {
      main.add(row);
      if (!live(row)) return;
      for (const check of checks) if (check.matches(row)) check.checker.add(row);
    },
    result() {
      const metrics = main.result();
      return {
        level,
        metrics,
        grade: gradeQuality(metrics.scores, suite.config.grading),
        results: checks.map(({ expectation: e, checker }) => ({
          expectation: e.name,
          type: e.type,
          level,
          severity: e.severity,
          description: e.description,
          ...checker.finish(metrics),
        })),
      };
    },
  };
}

/** Truncated, not rounded: 99.96 % must not read as 100 %. */
function percent(value: number): string {
  const tenths = Math.floor(value * 1000) / 10;
  return `${tenths === 100 || tenths === 0 ? tenths.toFixed(0) : tenths.toFixed(1)}%`;
}
