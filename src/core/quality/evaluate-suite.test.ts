import { describe, expect, it } from 'vitest';
import type { PhoneRecord } from '../registry/phone-record.js';
import type { BatchRowOutcome } from './batch-row-outcome.js';
import { createSuiteEvaluator } from './evaluate-suite.js';
import { expandFailingIds } from './expand-failing-ids.js';
import { parseExpectationSuiteOrThrow } from './parse-expectation-suite.js';

const NOW = new Date('2026-11-28T06:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);

function rec(i: number, over: Partial<PhoneRecord> = {}): PhoneRecord {
  return {
    phone_id: String(i),
    customer_id: `C${i}`,
    phone_number: `+57300${String(i).padStart(7, '0')}`,
    phone_type: 'mobile',
    country_code: 'CO',
    carrier: 'Claro',
    region: null,
    timezone: null,
    is_valid: true,
    is_primary: true,
    is_verified: false,
    verification_method: null,
    confidence_score: 0.9,
    source_system: 'crm_salesforce',
    sources: ['crm_salesforce'],
    times_seen: 1,
    issues: [],
    merged_into: null,
    created_at: hoursAgo(2),
    updated_at: hoursAgo(2),
    deleted_at: null,
    ...over,
  };
}

const suite = (body: string) => parseExpectationSuiteOrThrow(`expectations:\n${body}`, 'test.yaml');

function runRegistry(body: string, records: PhoneRecord[]) {
  const sut = createSuiteEvaluator(suite(body), { level: 'registry', now: NOW });
  for (const r of records) sut.add(r);
  return sut.result();
}

describe('createSuiteEvaluator', () => {
  it('names every failing record, not a sample, in compact form', () => {
    // 10,000 records; every 3rd one is not E.164 → 3,333 failures, ids in runs of one.
    const records = Array.from({ length: 10_000 }, (_, i) =>
      rec(i + 1, (i + 1) % 3 === 0 ? { phone_number: `57300${String(i).padStart(7, '0')}` } : {}),
    );
    const { results } = runRegistry(
      `  - name: e164\n    type: values_match_regex\n    column: phone_number\n    regex: '^\\+[1-9]\\d{1,14}$'\n`,
      records,
    );
    const r = results[0];
    expect(r?.passed).toBe(false);
    expect(r?.failing_ids.count).toBe(3333);
    const expected = records.filter((_, i) => (i + 1) % 3 === 0).map((x) => x.phone_id);
    expect([
      ...expandFailingIds(r?.failing_ids ?? { kind: 'phone_id', count: 0, ranges: [], ids: [] }),
    ]).toEqual(expected);
    expect(r?.observed).toBeCloseTo(6667 / 10_000, 10);
  });

  it('keeps consecutive failing ids as ranges', () => {
    const records = Array.from({ length: 1000 }, (_, i) =>
      rec(i + 1, i >= 100 && i < 600 ? { phone_number: '' } : {}),
    );
    const { results } = runRegistry(
      `  - type: values_not_null\n    column: phone_number\n    mostly: 0.95\n`,
      records,
    );
    expect(results[0]?.failing_ids).toEqual({ kind: 'phone_id', count: 500, ranges: [[101, 600]], ids: [] });
    expect(results[0]?.observed).toBe(0.5);
    expect(results[0]?.passed).toBe(false);
  });

  it('passes a row check at its `mostly` and fails just below it', () => {
    const records = Array.from({ length: 100 }, (_, i) => rec(i + 1, i < 5 ? { phone_number: '' } : {}));
    const at = runRegistry(
      `  - type: values_not_null\n    column: phone_number\n    mostly: 0.95\n`,
      records,
    );
    const above = runRegistry(
      `  - type: values_not_null\n    column: phone_number\n    mostly: 0.96\n`,
      records,
    );
    expect(at.results[0]?.passed).toBe(true);
    expect(above.results[0]?.passed).toBe(false);
  });

  it('finds (customer_id, phone_number) duplicates beyond the first occurrence', () => {
    const records = [
      rec(1),
      rec(2),
      { ...rec(3), customer_id: 'C1', phone_number: rec(1).phone_number },
      rec(4),
    ];
    const { results } = runRegistry(
      `  - type: compound_unique\n    columns: [customer_id, phone_number]\n`,
      records,
    );
    expect(results[0]).toMatchObject({
      passed: false,
      evaluated: 4,
      failing_ids: { count: 1, ranges: [[3, 3]] },
    });
  });

  it('checks freshness of the newest update against the measurement time', () => {
    const fresh = runRegistry(`  - type: max_within_hours\n    column: updated_at\n    hours: 24\n`, [
      rec(1, { updated_at: hoursAgo(100) }),
      rec(2, { updated_at: hoursAgo(23) }),
    ]);
    const stale = runRegistry(`  - type: max_within_hours\n    column: updated_at\n    hours: 24\n`, [
      rec(1, { updated_at: hoursAgo(25) }),
    ]);
    expect(fresh.results[0]).toMatchObject({ passed: true, unit: 'hours', comparison: '<=' });
    expect(fresh.results[0]?.observed).toBeCloseTo(23, 10);
    expect(stale.results[0]?.passed).toBe(false);
  });

  it('names the customers over the phone limit, counting a repeated number once', () => {
    const records: PhoneRecord[] = [];
    let id = 1;
    for (let p = 0; p < 6; p++)
      records.push(rec(id++, { customer_id: 'MANY', phone_number: `+5731000000${p}` }));
    for (let p = 0; p < 5; p++)
      records.push(rec(id++, { customer_id: 'FIVE', phone_number: `+5732000000${p}` }));
    records.push(rec(id++, { customer_id: 'FIVE', phone_number: '+57320000000' }));
    const { results } = runRegistry(`  - type: phones_per_customer_at_most\n    max: 5\n`, records);
    expect(results[0]).toMatchObject({
      passed: false,
      evaluated: 2,
      failing_ids: { kind: 'customer_id', count: 1, ids: ['MANY'] },
    });
  });

  it('ties a metric expectation to the metric and its failing ids', () => {
    const records = Array.from({ length: 100 }, (_, i) => rec(i + 1, { is_valid: i >= 3 }));
    const { results, metrics } = runRegistry(
      `  - type: metric_at_least\n    metric: accuracy\n    threshold: 0.98\n`,
      records,
    );
    expect(results[0]?.observed).toBe(metrics.scores.accuracy);
    expect(results[0]).toMatchObject({
      observed: 0.97,
      passed: false,
      failing_ids: { count: 3, ranges: [[1, 3]] },
    });
  });

  it('applies `where` filters per source and country, with their own metrics', () => {
    const records = [
      rec(1, { source_system: 'web_forms', is_valid: false }),
      rec(2, { source_system: 'web_forms' }),
      rec(3, { source_system: 'crm_salesforce' }),
      rec(4, { source_system: 'crm_salesforce', country_code: 'US', is_valid: false }),
    ];
    const { results } = runRegistry(
      `  - name: web
    type: metric_at_least
    metric: accuracy
    threshold: 0.9
    where: { source_system: web_forms }
  - name: co_crm
    type: metric_at_least
    metric: accuracy
    threshold: 0.9
    where: { source_system: crm_salesforce, country_code: CO }
`,
      records,
    );
    expect(results.map((r) => [r.expectation, r.observed, r.passed, r.evaluated])).toEqual([
      ['web', 0.5, false, 2],
      ['co_crm', 1, true, 1],
    ]);
  });

  it('fails on no rows unless allow_empty says otherwise', () => {
    const body = (allow: boolean) =>
      `  - type: values_not_null\n    column: phone_number\n    where: { country_code: EC }\n    allow_empty: ${allow}\n`;
    expect(runRegistry(body(false), [rec(1)]).results[0]).toMatchObject({
      passed: false,
      observed: null,
      evaluated: 0,
    });
    expect(runRegistry(body(true), [rec(1)]).results[0]).toMatchObject({ passed: true, observed: null });
  });

  it('runs only the expectations of its level', () => {
    const s = suite(
      `  - name: reg\n    type: values_not_null\n    column: phone_number\n    levels: [registry]\n  - name: both\n    type: values_not_null\n    column: phone_number\n`,
    );
    const sut = createSuiteEvaluator(s, { level: 'batch' });
    expect(sut.result().results.map((r) => r.expectation)).toEqual(['both']);
  });

  it('evaluates a batch by row number, with the batch metrics and grade', () => {
    const arrived = new Date('2026-11-27T12:00:00Z');
    const row = (i: number, over: Partial<BatchRowOutcome> = {}): BatchRowOutcome => ({
      row: i,
      customer_id: `C${i}`,
      phone_number: `+57300${String(i).padStart(7, '0')}`,
      source_system: 'web_forms',
      has_required_fields: true,
      phone_valid: true,
      passed_rules: true,
      updated_at: new Date(arrived.getTime() - 3_600_000),
      arrived_at: arrived,
      ...over,
    });
    const sut = createSuiteEvaluator(
      suite(
        `  - type: metric_at_least\n    metric: completeness\n    threshold: 0.95\n  - type: max_within_hours\n    column: updated_at\n    hours: 24\n`,
      ),
      { level: 'batch' },
    );
    for (let i = 2; i <= 21; i++)
      sut.add(row(i, i === 7 ? { has_required_fields: false, phone_number: null } : {}));
    const { metrics, results, grade } = sut.result();
    expect(metrics.level).toBe('batch');
    expect(results[0]).toMatchObject({
      observed: 0.95,
      passed: true,
      failing_ids: { kind: 'row', ranges: [[7, 7]] },
    });
    // Freshness of a batch is judged at its arrival.
    expect(results[1]?.observed).toBeCloseTo(1, 10);
    expect(grade.grade).toBe('A');
  });
});
