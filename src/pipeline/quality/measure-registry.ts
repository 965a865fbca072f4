import { dedupeRecords } from '../../core/dedupe/index.js';
import type { ExpectationSuite, SuiteEvaluation } from '../../core/quality/index.js';
import { createSuiteEvaluator } from '../../core/quality/index.js';
import type { PhoneRecord } from '../../core/registry/phone-record.js';
import { RULE_CODES } from '../../core/rules/index.js';
import type { QualityEngine, QualityStore } from './quality-ports.js';

/** Options of a registry measurement. */
export interface MeasureRegistryOptions {
  suite: ExpectationSuite;
  /** "Today" for validity and timeliness. Default: now. */
  now?: Date;
  /** Re-judges numbers with today's metadata; without it the stored verdict counts. */
  engine?: QualityEngine;
  /**
   * Run the dedupe engine over each customer's records as they stream by, so uniqueness counts
   * the records of unresolved duplicate clusters beyond their master. Default true.
   */
  dedupe?: boolean;
  /** Records per dedupe window (whole customers); default 20,000. */
  dedupeWindow?: number;
  /** Sees every record of the same pass, in the canonical order (a content digest, a release file). */
  onRecord?: (record: PhoneRecord) => void;
}

const RULE_FLAGS: ReadonlySet<string> = new Set([...RULE_CODES, 'FAKE_PATTERN']);

/**
 * Measures the registry now, in one pass streamed `ORDER BY customer_id`: the suite's
 * expectations, the five registry dimensions, KPIs and grade. Duplicate clusters are found by
 * the dedupe engine one window of whole customers at a time (its clusters never cross
 * customers), so memory stays bounded by the window, not by the registry.
 *
 * @example
 * const evaluation = await measureRegistry(app.store, { suite, engine: createPhoneEngine() });
 * evaluation.metrics.scores.accuracy;
 */
export async function measureRegistry(
  store: Pick<QualityStore, 'phones'>,
  options: MeasureRegistryOptions,
): Promise<SuiteEvaluation> {
  const now = options.now ?? new Date();
  const engine = options.engine;
  const verdicts = new Map<string, boolean>();
  const validToday = (r: PhoneRecord): boolean => {
    if (!engine) return r.is_valid;
    // One engine call per record: the rules check below asks again for the same record.
    let v = verdicts.get(r.phone_id);
    if (v === undefined) {
      v = engine.normalize(r.phone_number).is_valid;
      verdicts.set(r.phone_id, v);
    }
    return v;
  };
  const duplicateIds = new Set<string>();
  const sut = createSuiteEvaluator(options.suite, {
    level: 'registry',
    now,
    orderedByCustomer: true,
    unresolvedDuplicates: { ids: duplicateIds },
    isValidToday: validToday,
    passesRulesToday: (r) => validToday(r) && !r.issues.some((code) => RULE_FLAGS.has(code)),
  });
  const dedupe = options.dedupe ?? true;
  const windowSize = options.dedupeWindow ?? 20_000;
  let window: PhoneRecord[] = [];
  const flush = (): void => {
    if (dedupe) {
      const live = window.filter((r) => r.deleted_at === null && r.merged_into === null);
      if (live.length > 1) {
        for (const group of dedupeRecords(live).groups)
          for (const id of group.memberIds) if (id !== group.masterId) duplicateIds.add(id);
      }
    }
    for (const r of window) {
      sut.add(r);
      options.onRecord?.(r);
      verdicts.delete(r.phone_id);
    }
    window = [];
  };
  for await (const record of store.phones.iterate({ include_deleted: true }, { orderBy: 'customer_id' })) {
    const last = window[window.length - 1];
    if (window.length >= windowSize && last && last.customer_id !== record.customer_id) flush();
    window.push(record);
  }
  flush();
  return sut.result();
}
