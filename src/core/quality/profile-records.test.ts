import { describe, expect, it } from 'vitest';
import { profileRecords } from './profile-records.js';

describe('profileRecords', () => {
  const profile = profileRecords([
    { phone: '+57 300 123 4567', customer: 'C1', updated: new Date('2026-11-01T00:00:00Z'), n: 1 },
    { phone: '+57 311 765 4321', customer: 'C2', updated: new Date('2026-11-03T00:00:00Z'), n: 3 },
    { phone: '300-123-4567', customer: 'C2', n: 2 },
    { phone: '  ', customer: 'C3', extra: 'late' },
    { phone: null, customer: 'c4' },
  ]);
  const col = (name: string) => profile.columns.find((c) => c.name === name);

  it('counts rows and null rates (null, missing, blank)', () => {
    expect(profile.rows).toBe(5);
    expect(col('phone')).toMatchObject({ nulls: 2, null_rate: 0.4, distinct: 3 });
    expect(col('updated')?.nulls).toBe(3);
    // A column first seen on row 4 was missing from rows 1–3 and 5.
    expect(col('extra')).toMatchObject({ nulls: 4, count: 5 });
  });

  it('reports the formats seen as digit-shape patterns', () => {
    expect(col('phone')?.patterns).toEqual([
      { key: '+DD DDD DDD DDDD', count: 2, share: 2 / 3 },
      { key: 'DDD-DDD-DDDD', count: 1, share: 1 / 3 },
    ]);
    expect(col('customer')?.patterns.map((p) => p.key)).toEqual(['AD', 'aD']);
  });

  it('reports lengths, value distributions, numeric and date ranges', () => {
    expect(col('phone')?.length).toMatchObject({ min: 12, max: 16 });
    expect(col('customer')?.top_values[0]).toEqual({ key: 'C2', count: 2, share: 0.4 });
    expect(col('n')?.numeric).toEqual({ min: 1, max: 3, mean: 2 });
    expect(col('updated')?.dates).toEqual({
      min: '2026-11-01T00:00:00.000Z',
      max: '2026-11-03T00:00:00.000Z',
    });
  });

  it('bounds memory per column: distinct values beyond the cap are marked', () => {
    const p = profileRecords(
      Array.from({ length: 500 }, (_, i) => ({ id: String(i) })),
      { maxDistinct: 100 },
    );
    expect(p.columns[0]).toMatchObject({ distinct: 100, distinct_capped: true });
  });
});
