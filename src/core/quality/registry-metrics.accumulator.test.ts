import { describe, expect, it } from 'vitest';
import { PhonesetError } from '../errors.js';
import type { PhoneRecord } from '../registry/phone-record.js';
import { expandFailingIds } from './expand-failing-ids.js';
import {
  createRegistryMetricsAccumulator,
  type RegistryMetricsOptions,
} from './registry-metrics.accumulator.js';

const NOW = new Date('2026-11-28T06:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);

let n = 0;
function rec(over: Partial<PhoneRecord> = {}): PhoneRecord {
  n++;
  return {
    phone_id: String(n),
    customer_id: `C${n}`,
    phone_number: `+57300000${String(n).padStart(4, '0')}`,
    phone_type: 'mobile',
    country_code: 'CO',
    carrier: 'Claro',
    region: null,
    timezone: 'America/Bogota',
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
    created_at: hoursAgo(10),
    updated_at: hoursAgo(10),
    deleted_at: null,
    ...over,
  };
}

function measure(records: PhoneRecord[], options: Partial<RegistryMetricsOptions> = {}) {
  const sut = createRegistryMetricsAccumulator({ now: NOW, collectFailingIds: true, ...options });
  for (const r of records) sut.add(r);
  return sut.result();
}

describe('registry-level quality metrics', () => {
  it('reports every score as null on an empty registry', () => {
    const m = measure([]);
    expect(m.total).toBe(0);
    expect(m.scores).toEqual({
      completeness: null,
      accuracy: null,
      validity: null,
      uniqueness: null,
      timeliness: null,
    });
    expect(m.timeliness.hours_since_newest).toBeNull();
  });

  it.each([
    [
      'all valid',
      () => [rec(), rec(), rec()],
      {},
      { completeness: 1, accuracy: 1, validity: 1, uniqueness: 1 },
    ],
    [
      'all invalid',
      () => [rec({ is_valid: false }), rec({ is_valid: false })],
      {},
      { completeness: 0, accuracy: 0, validity: 0, uniqueness: 1 },
    ],
    [
      'completeness is customers with at least one valid phone over customers',
      () => [
        rec({ customer_id: 'A' }),
        rec({ customer_id: 'A', is_valid: false }),
        rec({ customer_id: 'B', is_valid: false }),
      ],
      {},
      { completeness: 0.5, accuracy: 1 / 3, validity: 1 / 3, uniqueness: 1 },
    ],
    [
      'validity fails a plan-valid fake number',
      () => [rec(), rec({ issues: ['FAKE_PATTERN'] })],
      {},
      { completeness: 1, accuracy: 1, validity: 0.5, uniqueness: 1 },
    ],
    [
      'uniqueness from a count of records beyond their master',
      () => [rec(), rec(), rec(), rec()],
      { unresolvedDuplicates: { count: 1 } },
      { completeness: 1, accuracy: 1, validity: 1, uniqueness: 0.75 },
    ],
  ])('%s', (_name, build, options, expected) => {
    const m = measure(build(), options);
    for (const [dimension, value] of Object.entries(expected)) {
      expect(m.scores[dimension as keyof typeof m.scores], dimension).toBeCloseTo(value, 10);
    }
  });

  it('names the records beyond their master when dedupe gives ids, counting only live ones', () => {
    const records = [rec(), rec(), rec(), rec({ deleted_at: hoursAgo(1) })];
    const ids = new Set([records[1]?.phone_id ?? '', records[3]?.phone_id ?? '', 'not-in-registry']);
    const m = measure(records, { unresolvedDuplicates: { ids } });
    expect(m.unresolved_duplicates).toBe(1);
    expect(m.scores.uniqueness).toBeCloseTo(2 / 3, 10);
    expect([
      ...expandFailingIds(m.failing?.uniqueness ?? { kind: 'phone_id', count: 0, ranges: [], ids: [] }),
    ]).toEqual([records[1]?.phone_id]);
  });

  it('leaves soft-deleted and merged records out of the dataset', () => {
    const m = measure([
      rec(),
      rec({ deleted_at: hoursAgo(1), is_valid: false }),
      rec({ merged_into: '1', is_valid: false }),
    ]);
    expect(m.total).toBe(1);
    expect(m.excluded).toBe(2);
    expect(m.scores.accuracy).toBe(1);
  });

  it('re-judges validity with the current engine when given', () => {
    const m = measure([rec({ phone_number: '+573000000001' }), rec()], {
      isValidToday: (r) => r.phone_number !== '+573000000001',
    });
    expect(m.scores.accuracy).toBe(0.5);
  });

  it('measures timeliness as hours since the newest update and the share within the SLA', () => {
    const m = measure(
      [
        rec({ updated_at: hoursAgo(3) }),
        rec({ updated_at: hoursAgo(50) }),
        rec({ updated_at: hoursAgo(800) }),
      ],
      {
        slaHours: 72,
      },
    );
    expect(m.timeliness.hours_since_newest).toBeCloseTo(3, 10);
    expect(m.scores.timeliness).toBeCloseTo(2 / 3, 10);
    expect(m.failing?.timeliness?.count).toBe(1);
  });

  it('computes the KPIs of the design', () => {
    const m = measure([
      rec({ customer_id: 'A', is_verified: true, source_system: 'web_forms', carrier: 'Tigo' }),
      rec({ customer_id: 'A', phone_type: 'fixed', carrier: null }),
      rec({
        customer_id: 'B',
        is_verified: true,
        is_valid: false,
        country_code: 'US',
        issues: ['INVALID_FOR_REGION'],
      }),
      rec({ customer_id: 'C' }),
    ]);
    expect(m.kpis).toEqual({
      customers: 3,
      phones_per_customer: 4 / 3,
      verification_rate: 0.5,
      coverage_rate: 2 / 3,
      customers_over_limit: 0,
    });
    expect(m.distributions.country).toEqual([
      { key: 'CO', count: 3, share: 0.75 },
      { key: 'US', count: 1, share: 0.25 },
    ]);
    expect(m.top_issues).toEqual([{ key: 'INVALID_FOR_REGION', count: 1, share: 1 }]);
    expect([
      ...expandFailingIds(m.failing?.completeness ?? { kind: 'customer_id', count: 0, ranges: [], ids: [] }),
    ]).toEqual(['B']);
  });

  it('gives the same result in ordered mode (flat memory) as in map mode', () => {
    const records: PhoneRecord[] = [];
    for (let c = 0; c < 50; c++) {
      for (let p = 0; p < (c % 7) + 1; p++)
        records.push(rec({ customer_id: `C${String(c).padStart(3, '0')}`, is_valid: (c + p) % 5 !== 0 }));
    }
    const ordered = measure(records, { orderedByCustomer: true });
    const mapped = measure([...records].reverse());
    expect(ordered.scores).toEqual(mapped.scores);
    expect(ordered.kpis).toEqual(mapped.kpis);
    expect(ordered.kpis.customers_over_limit).toBeGreaterThan(0);
  });

  it('refuses out-of-order input in ordered mode, since counts would be wrong', () => {
    const sut = createRegistryMetricsAccumulator({ now: NOW, orderedByCustomer: true });
    sut.add(rec({ customer_id: 'B' }));
    expect(() => sut.add(rec({ customer_id: 'A' }))).toThrow(PhonesetError);
  });
});
