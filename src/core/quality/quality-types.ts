/** The five quality dimensions, in the order reports show them (ARCHITECTURE §6). */
export const DIMENSIONS = ['completeness', 'accuracy', 'validity', 'uniqueness', 'timeliness'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Where a measurement is taken: what one source sent (`batch`) or the published registry. */
export type QualityLevel = 'batch' | 'registry';

/**
 * One score in [0, 1] per dimension; `null` when the denominator is zero (nothing to measure),
 * so an empty dataset never reads as 0/0 = perfect. Timeliness is the share within the SLA.
 *
 * @example
 * const s: DimensionScores = { completeness: 1, accuracy: 0.99, validity: 0.98, uniqueness: 1, timeliness: null };
 */
export type DimensionScores = Record<Dimension, number | null>;

/** A value and how often it was seen, with its share of the total. */
export interface CountShare {
  key: string;
  count: number;
  share: number;
}

/** What kind of identifier a failing-id list holds. */
export type IdKind = 'phone_id' | 'row' | 'customer_id';

/**
 * Every failing id of one check, compact: integer ids as sorted inclusive ranges, other ids
 * as a list. `count` is the total number of ids.
 *
 * @example
 * const f: FailingIds = { kind: 'row', count: 4, ranges: [[2, 4], [9, 9]], ids: [] };
 */
export interface FailingIds {
  kind: IdKind;
  count: number;
  ranges: Array<[number, number]>;
  ids: string[];
}

/** Timeliness figures; the batch level reports lags, the registry level the age of its newest update. */
export interface TimelinessFigures {
  sla_hours: number;
  /** Rows or records that carried a usable `updated_at`. */
  measured: number;
  within_sla: number;
  share_within_sla: number | null;
  /** Batch: lag between the source's `updated_at` and arrival. */
  median_lag_hours: number | null;
  p95_lag_hours: number | null;
  /** Rows whose `updated_at` lies after their arrival (source clock ahead); counted with lag 0. */
  future_updated_at: number;
  /** Registry: hours between the newest `updated_at` and the measurement time. */
  hours_since_newest: number | null;
  newest_updated_at: string | null;
}

/** Business KPIs of the design, measured on the same pass as the dimensions. */
export interface QualityKpis {
  customers: number;
  /** Phones (records, or distinct valid phones of a batch) per customer. */
  phones_per_customer: number | null;
  /** Verified records / records; null where the input says nothing about verification. */
  verification_rate: number | null;
  /** Customers with at least one valid phone / customers. */
  coverage_rate: number | null;
  /** Customers with more phones than the configured limit. */
  customers_over_limit: number;
}

/** Distribution of the measured rows by source, number type, country and carrier (largest first). */
export interface QualityDistributions {
  source: CountShare[];
  type: CountShare[];
  country: CountShare[];
  carrier: CountShare[];
}

/** Fields common to both levels' metrics. */
export interface QualityMetricsBase {
  level: QualityLevel;
  /** ISO time the measurement refers to. */
  measured_at: string;
  /** Rows received (batch) or live records (registry). */
  total: number;
  valid: number;
  invalid: number;
  duplicate: number;
  scores: DimensionScores;
  timeliness: TimelinessFigures;
  kpis: QualityKpis;
  distributions: QualityDistributions;
  /** Issue codes by frequency, largest first. */
  top_issues: CountShare[];
  /** Ids failing each dimension, when the accumulator was asked to collect them. */
  failing?: Partial<Record<Dimension, FailingIds>>;
}

/** Batch-level metrics: what one import, API batch or stream window sent. */
export interface BatchQualityMetrics extends QualityMetricsBase {
  level: 'batch';
  complete: number;
  passed_rules: number;
  distinct_valid: number;
}

/** Registry-level metrics: the entity-level dataset that releases publish. */
export interface RegistryQualityMetrics extends QualityMetricsBase {
  level: 'registry';
  passed_rules: number;
  customers_with_valid_phone: number;
  /** Records in unresolved duplicate clusters beyond their master. */
  unresolved_duplicates: number;
  /** Records seen but not measured: soft-deleted or merged into a master. */
  excluded: number;
}

export type QualityMetrics = BatchQualityMetrics | RegistryQualityMetrics;
