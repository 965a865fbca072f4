import type { QualityConfig } from './quality-config.js';
import type { Dimension, QualityLevel } from './quality-types.js';

/** Every expectation type a suite may use; docs/quality.md describes each. */
export const EXPECTATION_TYPES = [
  'values_match_regex',
  'values_not_null',
  'values_in_set',
  'compound_unique',
  'max_within_hours',
  'metric_at_least',
  'phones_per_customer_at_most',
] as const;
export type ExpectationType = (typeof EXPECTATION_TYPES)[number];

export type Severity = 'warn' | 'error';

/** Columns an expectation may filter on (`where:`). */
export const FILTER_COLUMNS = ['source_system', 'country_code', 'phone_type'] as const;
export type FilterColumn = (typeof FILTER_COLUMNS)[number];

/** Columns an expectation may check: the registry record's and the batch row's fields. */
export const CHECKABLE_COLUMNS = [
  'phone_id',
  'row',
  'customer_id',
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
  'created_at',
  'updated_at',
  'arrived_at',
] as const;

/** Fields every expectation has. */
export interface ExpectationCommon {
  /** Unique within the suite; results and reports name the expectation by it. */
  name: string;
  severity: Severity;
  /** Levels it runs at (default both). */
  levels: QualityLevel[];
  /** Only rows whose column is one of the listed values are checked. */
  where: Partial<Record<FilterColumn, string[]>>;
  /** With no row to check, pass (true) or fail (false, the default: never pass 0/0). */
  allow_empty: boolean;
  description: string | null;
  /** Line of the expectation in its file, for messages. */
  line: number;
}

/**
 * One parsed expectation.
 *
 * @example
 * const e: Expectation = { type: 'values_not_null', column: 'phone_number', mostly: 0.95, name: 'phone_present', ... };
 */
export type Expectation = ExpectationCommon &
  (
    | { type: 'values_match_regex'; column: string; regex: string; mostly: number }
    | { type: 'values_not_null'; column: string; mostly: number }
    | { type: 'values_in_set'; column: string; values: string[]; mostly: number }
    | { type: 'compound_unique'; columns: string[]; mostly: number }
    | { type: 'max_within_hours'; column: string; hours: number }
    | { type: 'metric_at_least'; metric: Dimension; threshold: number }
    | { type: 'phones_per_customer_at_most'; max: number; mostly: number }
  );

/** A parsed, validated suite: the expectations and the quality configuration it sets. */
export interface ExpectationSuite {
  file: string;
  expectations: Expectation[];
  config: QualityConfig;
}

/** One problem of a suite file, with where it is. */
export interface SuiteError {
  file: string;
  line: number;
  column: number;
  message: string;
}
