import { describe, expect, it } from 'vitest';
import { createBatchMetricsAccumulator } from './batch-metrics.accumulator.js';
import type { BatchRowOutcome } from './batch-row-outcome.js';
import { expandFailingIds } from './expand-failing-ids.js';

const ARRIVED = new Date('2026-11-27T12:00:00Z');
const hoursBefore = (h: number) => new Date(ARRIVED.getTime() - h * 3_600_000);

let n = 0;
function row(over: Partial<BatchRowOutcome> = {}): BatchRowOutcome {
  n++;
  return {
    row: n,
    customer_id: `C${n}`,
    phone_number: `+57300000${String(n).padStart(4, '0')}`,
    source_system: 'crm_salesforce',
    has_required_fields: true,
    phone_valid: true,
    passed_rules: true,
    updated_at: hoursBefore(1),
    arrived_at: ARRIVED,
    ...over,
  };
}

function measure(rows: BatchRowOutcome[], slaHours = 24) {
  const sut = createBatchMetricsAccumulator({ slaHours, collectFailingIds: true });
  for (const r of rows) sut.add(r);
  return sut.result();
}

describe('batch-level quality metrics', () => {
  it('reports every score as null on zero rows, never 0/0 as perfect', () => {
    const m = measure([]);
    expect(m.total).toBe(0);
    expect(m.scores).toEqual({
      completeness: null,
      accuracy: null,
      validity: null,
      uniqueness: null,
      timeliness: null,
    });
    expect(m.timeliness.median_lag_hours).toBeNull();
    expect(m.kpis.phones_per_customer).toBeNull();
  });

  it.each([
    // name, rows, expected scores
    [
      'all perfect',
      () => [row(), row(), row(), row()],
      { completeness: 1, accuracy: 1, validity: 1, uniqueness: 1 },
    ],
    [
      'completeness counts rows with every required field over rows received',
      () => [row(), row(), row({ has_required_fields: false, customer_id: null }), row()],
      { completeness: 0.75, accuracy: 1, validity: 1, uniqueness: 1 },
    ],
    [
      'accuracy and validity are over complete rows only',
      () => [
        row(),
        row({ phone_valid: false, passed_rules: false }),
        row({ passed_rules: false }),
        row({ has_required_fields: false, phone_valid: false, passed_rules: false }),
      ],
      { completeness: 0.75, accuracy: 2 / 3, validity: 1 / 3, uniqueness: 1 },
    ],
    [
      'all invalid: accuracy 0 and uniqueness unmeasurable',
      () => [row({ phone_valid: false }), row({ phone_valid: false })],
      { completeness: 1, accuracy: 0, validity: 1, uniqueness: null },
    ],
    [
      'uniqueness is distinct (customer_id, E.164) over valid rows',
      () => {
        const a = row();
        return [
          a,
          { ...row(), customer_id: a.customer_id, phone_number: a.phone_number },
          row(),
          row({ phone_valid: false }),
        ];
      },
      { completeness: 1, accuracy: 0.75, validity: 1, uniqueness: 2 / 3 },
    ],
    [
      'the same phone for two customers is not a duplicate',
      () => {
        const a = row();
        return [a, { ...row(), phone_number: a.phone_number }];
      },
      { completeness: 1, accuracy: 1, validity: 1, uniqueness: 1 },
    ],
  ])('%s', (_name, build, expected) => {
    const m = measure(build());
    for (const [dimension, value] of Object.entries(expected)) {
      const got = m.scores[dimension as keyof typeof m.scores];
      if (value === null) expect(got, dimension).toBeNull();
      else expect(got, dimension).toBeCloseTo(value, 10);
    }
  });

  it('names every failing row of each dimension', () => {
    const rows = [
      row(),
      row({ has_required_fields: false }),
      row({ phone_valid: false }),
      row({ passed_rules: false }),
      row({ updated_at: hoursBefore(30) }),
    ];
    const dup = {
      ...row(),
      customer_id: rows[0]?.customer_id ?? null,
      phone_number: rows[0]?.phone_number ?? null,
    };
    const m = measure([...rows, dup]);
    const ids = (d: 'completeness' | 'accuracy' | 'validity' | 'uniqueness' | 'timeliness') => [
      ...expandFailingIds(m.failing?.[d] ?? { kind: 'row', count: 0, ranges: [], ids: [] }),
    ];
    const first = rows[0]?.row ?? 0;
    expect(ids('completeness')).toEqual([String(first + 1)]);
    expect(ids('accuracy')).toEqual([String(first + 2)]);
    expect(ids('validity')).toEqual([String(first + 3)]);
    expect(ids('timeliness')).toEqual([String(first + 4)]);
    expect(ids('uniqueness')).toEqual([String(dup.row)]);
    expect(m.duplicate).toBe(1);
  });

  it('measures timeliness as the lag between the source update and arrival: median, p95, share within SLA', () => {
    const lags = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100 h
    const m = measure(
      lags.map((h) => row({ updated_at: hoursBefore(h) })),
      24,
    );
    expect(m.timeliness.median_lag_hours).toBeGreaterThan(49);
    expect(m.timeliness.median_lag_hours).toBeLessThan(52);
    expect(m.timeliness.p95_lag_hours).toBeGreaterThan(93);
    expect(m.timeliness.p95_lag_hours).toBeLessThan(97);
    expect(m.timeliness.within_sla).toBe(24);
    expect(m.scores.timeliness).toBeCloseTo(0.24, 10);
  });

  it('reports a single lag exactly', () => {
    const m = measure([row({ updated_at: hoursBefore(1) })]);
    expect(m.timeliness.median_lag_hours).toBe(1);
    expect(m.timeliness.p95_lag_hours).toBe(1);
  });

  it('counts an updated_at after arrival as lag 0 and flags it; rows without updated_at are not measured', () => {
    const m = measure([
      row({ updated_at: new Date(ARRIVED.getTime() + 3_600_000) }),
      row({ updated_at: null }),
    ]);
    expect(m.timeliness.future_updated_at).toBe(1);
    expect(m.timeliness.measured).toBe(1);
    expect(m.scores.timeliness).toBe(1);
  });

  it('computes the KPIs: phones per customer, coverage, customers over the limit, shares', () => {
    const rows: BatchRowOutcome[] = [];
    for (let i = 0; i < 7; i++)
      rows.push(row({ customer_id: 'BIG', source_system: 'web_forms', phone_type: 'mobile' }));
    rows.push(
      row({ customer_id: 'NOVALID', phone_valid: false, source_system: 'call_center', phone_type: 'fixed' }),
    );
    rows.push(
      row({
        customer_id: 'ONE',
        is_verified: true,
        phone_type: 'mobile',
        issues: ['FORMAT_CLEANED', 'TOO_SHORT'],
      }),
    );
    const m = measure(rows);
    expect(m.kpis.customers).toBe(3);
    expect(m.kpis.phones_per_customer).toBeCloseTo(8 / 3, 10);
    expect(m.kpis.coverage_rate).toBeCloseTo(2 / 3, 10);
    expect(m.kpis.customers_over_limit).toBe(1);
    expect(m.kpis.verification_rate).toBe(1);
    expect(m.distributions.source[0]).toEqual({ key: 'web_forms', count: 7, share: 7 / 9 });
    expect(m.distributions.type.map((c) => c.key)).toEqual(['mobile', 'fixed']);
    expect(m.top_issues.map((c) => c.key).sort()).toEqual(['FORMAT_CLEANED', 'TOO_SHORT']);
  });
});
