import { describe, expect, it } from 'vitest';
import { generateCustomerExport } from '../generate/generate-customer-export.js';
import { buildRegistryFromExport } from './build-registry-from-export.js';
import { dedupeRecords } from './dedupe-records.js';
import { evaluatePairs } from './evaluate-pairs.js';

const rows = [...generateCustomerExport({ rows: 25_000, seed: 42 })];
const sut = buildRegistryFromExport(rows);

describe('buildRegistryFromExport', () => {
  it('merges exact (customer, E.164) repeats and keeps how often and from where each number came', () => {
    const keys = new Set(sut.records.map((r) => `${r.customer_id} ${r.phone_number}`));
    expect(keys.size).toBe(sut.records.length);
    const seen = sut.records.reduce((s, r) => s + r.times_seen, 0);
    expect(seen + sut.unreadableRows).toBe(rows.length);
    const repeated = sut.records.find((r) => r.times_seen > 1 && r.sources.length > 1);
    expect(repeated?.sources[0]).toBe(repeated?.source_system);
  });

  it('builds true clusters only from the truth rows', () => {
    const ids = new Set(sut.records.map((r) => r.phone_id));
    for (const c of sut.truth) for (const id of c) expect(ids.has(id)).toBe(true);
    expect(buildRegistryFromExport(rows.map(({ record }) => ({ record }))).truth).toEqual([]);
  });
});

describe('dedupe quality on the generator’s export', () => {
  it('meets the precision budget and finds nearly all duplicates that exact E.164 matching misses', () => {
    const result = dedupeRecords(sut.records);
    const engine = evaluatePairs(
      result.groups.map((g) => g.memberIds),
      sut.truth,
    );
    const exactOnly = evaluatePairs(
      sut.records.map((r) => [r.phone_id]),
      sut.truth,
    );
    expect(engine.precision).toBeGreaterThanOrEqual(0.995);
    expect(engine.recall).toBeGreaterThanOrEqual(0.95);
    expect(exactOnly.recall).toBe(0);
  });
});
