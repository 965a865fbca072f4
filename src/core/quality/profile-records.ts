import type { MetricsAccumulator } from './batch-metrics.accumulator.js';
import { createValueCounter, type ValueCounter } from './create-value-counter.js';
import type { CountShare } from './quality-types.js';

/** The profile of one column (field) across every row. */
export interface ColumnProfile {
  name: string;
  /** Rows in which the column was present or absent (same as the profile's row count). */
  count: number;
  /** null, undefined, empty or blank text. */
  nulls: number;
  null_rate: number;
  /** Value kinds seen: string, number, boolean, date, list, object. */
  kinds: Record<string, number>;
  /** Distinct non-null values; a lower bound when `distinct_capped`. */
  distinct: number;
  distinct_capped: boolean;
  top_values: CountShare[];
  /** Shapes of text values: digit → D, letter → A/a, other characters kept (`+DD DDD DDD DDDD`). */
  patterns: CountShare[];
  /** Text length (characters) or list length. */
  length: { min: number | null; max: number | null; mean: number | null; histogram: CountShare[] };
  numeric: { min: number; max: number; mean: number } | null;
  dates: { min: string; max: string } | null;
}

/** A data profile in the spirit of ydata-profiling: one entry per column, in first-seen order. */
export interface DataProfile {
  rows: number;
  columns: ColumnProfile[];
}

/** Options of the profiler. */
export interface ProfileOptions {
  /** Distinct values tracked per column before counting the rest as `(other)`. Default 10,000. */
  maxDistinct?: number;
  /** Entries shown in each top list. Default 15. */
  top?: number;
}

const PATTERN_MAX = 40;

/**
 * Profiles raw batch rows or registry records in one streaming pass: value distributions,
 * null rates, formats seen (digit-shape patterns), lengths, numeric and date ranges. Memory
 * is bounded per column by `maxDistinct`.
 *
 * @example
 * const profiler = createProfileAccumulator();
 * for await (const row of rows) profiler.add(row);
 * profiler.result().columns.find((c) => c.name === 'phone')?.patterns;
 */
export function createProfileAccumulator(
  options: ProfileOptions = {},
): MetricsAccumulator<Record<string, unknown>, DataProfile> {
  const maxDistinct = options.maxDistinct ?? 10_000;
  const top = options.top ?? 15;
  const columns = new Map<string, ColumnState>();
  let rows = 0;
  const column = (name: string) => {
    let state = columns.get(name);
    if (!state) {
      // Rows before this column first appeared lacked it: count them as nulls.
      state = newColumnState(maxDistinct, rows);
      columns.set(name, state);
    }
    return state;
  };
  return {
    add(row) {
      for (const name of Object.keys(row)) column(name).add(row[name]);
      for (const [name, state] of columns) if (!(name in row)) state.add(undefined);
      rows++;
    },
    result() {
      return {
        rows,
        columns: [...columns].map(([name, state]) => state.result(name, rows, top)),
      };
    },
  };
}

/**
 * Profiles an in-memory list (tests, small files); use `createProfileAccumulator` for streams.
 *
 * @example
 * profileRecords([{ phone: '+57 300 123 4567' }, { phone: null }]).columns[0]?.null_rate; // 0.5
 */
export function profileRecords(
  rows: Iterable<Record<string, unknown>>,
  options: ProfileOptions = {},
): DataProfile {
  const acc = createProfileAccumulator(options);
  for (const row of rows) acc.add(row);
  return acc.result();
}

interface ColumnState {
  add(value: unknown): void;
  result(name: string, rows: number, top: number): ColumnProfile;
}

function newColumnState(maxDistinct: number, missingBefore: number): ColumnState {
  let nulls = missingBefore;
  const kinds: Record<string, number> = {};
  const values: ValueCounter = createValueCounter(maxDistinct);
  const patterns = createValueCounter(1000);
  const lengths = createValueCounter(500);
  let distinct = 0;
  let capped = false;
  const seen = new Set<string>();
  let lengthMin = Number.POSITIVE_INFINITY;
  let lengthMax = Number.NEGATIVE_INFINITY;
  let lengthSum = 0;
  let lengthCount = 0;
  let numMin = Number.POSITIVE_INFINITY;
  let numMax = Number.NEGATIVE_INFINITY;
  let numSum = 0;
  let numCount = 0;
  let dateMin = Number.POSITIVE_INFINITY;
  let dateMax = Number.NEGATIVE_INFINITY;

  const addLength = (n: number) => {
    lengthMin = Math.min(lengthMin, n);
    lengthMax = Math.max(lengthMax, n);
    lengthSum += n;
    lengthCount++;
    lengths.add(String(n));
  };

  return {
    add(value) {
      if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) {
        nulls++;
        return;
      }
      const kind =
        value instanceof Date
          ? 'date'
          : Array.isArray(value)
            ? 'list'
            : typeof value === 'object'
              ? 'object'
              : typeof value;
      kinds[kind] = (kinds[kind] ?? 0) + 1;
      let text: string;
      if (value instanceof Date) {
        const t = value.getTime();
        dateMin = Math.min(dateMin, t);
        dateMax = Math.max(dateMax, t);
        text = value.toISOString();
      } else if (Array.isArray(value)) {
        addLength(value.length);
        text = value.map(String).join(', ');
      } else if (typeof value === 'number') {
        numMin = Math.min(numMin, value);
        numMax = Math.max(numMax, value);
        numSum += value;
        numCount++;
        text = String(value);
      } else if (typeof value === 'string') {
        addLength(value.length);
        patterns.add(shapeOf(value));
        text = value;
      } else {
        text = typeof value === 'object' ? JSON.stringify(value) : String(value);
      }
      if (!capped) {
        if (!seen.has(text)) {
          if (seen.size >= maxDistinct) capped = true;
          else {
            seen.add(text);
            distinct++;
          }
        }
      }
      values.add(text);
    },
    result(name, rows, top) {
      return {
        name,
        count: rows,
        nulls,
        null_rate: rows === 0 ? 0 : nulls / rows,
        kinds,
        distinct,
        distinct_capped: capped,
        top_values: values.result(top),
        patterns: patterns.result(top),
        length: {
          min: lengthCount ? lengthMin : null,
          max: lengthCount ? lengthMax : null,
          mean: lengthCount ? lengthSum / lengthCount : null,
          histogram: lengths.result().sort((a, b) => Number(a.key) - Number(b.key)),
        },
        numeric: numCount ? { min: numMin, max: numMax, mean: numSum / numCount } : null,
        dates: Number.isFinite(dateMin)
          ? { min: new Date(dateMin).toISOString(), max: new Date(dateMax).toISOString() }
          : null,
      };
    },
  };
}

function shapeOf(text: string): string {
  let out = '';
  for (const ch of text.length > PATTERN_MAX ? text.slice(0, PATTERN_MAX) : text) {
    out += /\d/.test(ch) ? 'D' : /\p{Lu}/u.test(ch) ? 'A' : /\p{L}/u.test(ch) ? 'a' : ch;
  }
  return text.length > PATTERN_MAX ? `${out}…` : out;
}
