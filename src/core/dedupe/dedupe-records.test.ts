import { describe, expect, it } from 'vitest';
import type { PhoneRecord } from '../registry/phone-record.js';
import { COMPARISONS } from './comparison-schema.js';
import { type DedupeResult, dedupeRecords } from './dedupe-records.js';
import { evaluatePairs } from './evaluate-pairs.js';
import { explainPair } from './explain-pair.js';
import { makeSyntheticRegistry } from './make-synthetic-registry.js';
import { renderExplanation } from './render-explanation.js';
import { makeTestRecord as rec } from './test-record.fixture.js';

// Hand-built customers, each holding one situation, on top of a synthetic background from
// which the model is trained (EM needs a population, not ten pairs).
const strong: Partial<PhoneRecord> = {
  is_verified: true,
  times_seen: 5,
  sources: ['crm_salesforce', 'call_center'],
  source_system: 'crm_salesforce',
};
const weak: Partial<PhoneRecord> = {
  times_seen: 1,
  sources: ['manual_upload'],
  source_system: 'manual_upload',
};
const unreadable: Partial<PhoneRecord> = {
  is_valid: false,
  phone_type: 'unknown',
  carrier: null,
  region: null,
  confidence_score: 0.3,
};
const HAND: PhoneRecord[] = [
  rec({ phone_id: 'h1a', customer_id: 'H1', ...strong }),
  rec({ phone_id: 'h1b', customer_id: 'H1', phone_number: '+573001294567', ...weak }),
  rec({ phone_id: 'h2a', customer_id: 'H2', ...strong }),
  rec({ phone_id: 'h2b', customer_id: 'H2', phone_number: '+573001243567', ...weak }),
  rec({ phone_id: 'h3a', customer_id: 'H3', ...strong }),
  rec({ phone_id: 'h3b', customer_id: 'H3', phone_number: '+57300123567', ...weak, ...unreadable }),
  rec({ phone_id: 'h4a', customer_id: 'H4', ...strong }),
  rec({ phone_id: 'h4b', customer_id: 'H4', phone_number: '+5730012344567', ...weak, ...unreadable }),
  rec({
    phone_id: 'h5a',
    customer_id: 'H5',
    phone_number: '+576012345678',
    phone_type: 'fixed',
    carrier: null,
    region: 'Bogotá',
    ...strong,
  }),
  rec({ phone_id: 'h5b', customer_id: 'H5', phone_number: '+5712345678', ...weak, ...unreadable }),
  rec({ phone_id: 'h6a', customer_id: 'H6', ...strong }),
  rec({
    phone_id: 'h6b',
    customer_id: 'H6',
    phone_number: '+13001234567',
    country_code: 'US',
    ...weak,
    ...unreadable,
  }),
  rec({ phone_id: 'h7a', customer_id: 'H7', ...strong }),
  rec({ phone_id: 'h7b', customer_id: 'H7', phone_number: '+57573001234567', ...weak, ...unreadable }),
  // Hard negative: a mobile and the next number in the block, both real lines.
  rec({ phone_id: 'h8a', customer_id: 'H8', ...strong }),
  rec({ phone_id: 'h8b', customer_id: 'H8', phone_number: '+573001234568', ...strong, times_seen: 3 }),
  // Hard negative without numeric adjacency: one digit apart, but both lines verified and often seen.
  rec({ phone_id: 'h11a', customer_id: 'H11', ...strong }),
  rec({ phone_id: 'h11b', customer_id: 'H11', phone_number: '+573001294567', ...strong, times_seen: 4 }),
  // One number under two customers: shared, never merged.
  rec({ phone_id: 'h9a', customer_id: 'H9a', phone_number: '+573155550000', carrier: 'Movistar', ...strong }),
  rec({ phone_id: 'h9b', customer_id: 'H9b', phone_number: '+573155550000', carrier: 'Movistar', ...weak }),
  // Two unrelated phones of one customer.
  rec({ phone_id: 'h10a', customer_id: 'H10', ...strong }),
  rec({
    phone_id: 'h10b',
    customer_id: 'H10',
    phone_number: '+576014445566',
    phone_type: 'fixed',
    carrier: null,
    region: 'Bogotá',
  }),
];

const background = makeSyntheticRegistry({ customers: 6000, seed: 11 });
const all = [...background.records, ...HAND];
const result: DedupeResult = dedupeRecords(all);
const groupOf = (id: string): string | undefined =>
  result.groups.find((g) => g.memberIds.includes(id))?.clusterId;

describe('dedupeRecords: what counts as a duplicate', () => {
  it.each([
    ['one digit wrong', 'h1a', 'h1b'],
    ['two adjacent digits swapped', 'h2a', 'h2b'],
    ['a digit dropped', 'h3a', 'h3b'],
    ['a digit doubled', 'h4a', 'h4b'],
    ['old-plan vs new-plan Colombian fixed line', 'h5a', 'h5b'],
    ['the same digits read under +1', 'h6a', 'h6b'],
    ['the country code read as part of the number', 'h7a', 'h7b'],
  ])('merges %s, keeping the strong record as master', (_, a, b) => {
    expect(groupOf(a)).toBeDefined();
    expect(groupOf(b)).toBe(groupOf(a));
    expect(result.groups.find((g) => g.memberIds.includes(a))?.masterId).toBe(a);
  });

  it('does not merge the next number in the block when both are real, repeatedly seen, verified lines', () => {
    expect(groupOf('h8a')).toBeUndefined();
    expect(groupOf('h8b')).toBeUndefined();
    const e = explainPair(
      all.find((r) => r.phone_id === 'h8a') as PhoneRecord,
      all.find((r) => r.phone_id === 'h8b') as PhoneRecord,
      result.model,
    );
    expect(e.decision).toBe('non_match');
  });

  it('does not merge two lines one digit apart when both are verified and repeatedly seen', () => {
    expect(groupOf('h11a')).toBeUndefined();
    // The same digits from a weak, once-seen record (customer H1) are merged: the difference is the evidence.
    expect(groupOf('h1b')).toBe(groupOf('h1a'));
  });

  it('does not merge unrelated phones of one customer', () => {
    expect(groupOf('h10a')).toBeUndefined();
  });

  it('reports a number held by two customers as shared, links the customers, and merges nothing', () => {
    expect(groupOf('h9a')).toBeUndefined();
    const shared = result.sharedNumbers.find((s) => s.phoneNumber === '+573155550000');
    expect(shared).toMatchObject({ customerIds: ['H9a', 'H9b'], phoneIds: ['h9a', 'h9b'], tooCommon: false });
    expect(result.customerLinks.some((l) => l.customerA === 'H9a' && l.customerB === 'H9b')).toBe(true);
  });

  it('never puts records of two customers in one cluster', () => {
    const customerOf = new Map(all.map((r) => [r.phone_id, r.customer_id]));
    for (const g of result.groups) expect(new Set(g.memberIds.map((id) => customerOf.get(id))).size).toBe(1);
  });
});

describe('dedupeRecords: model', () => {
  it('learns by EM that true duplicates sit at small edits and different phones of a customer do not', () => {
    const m = result.model;
    const levels = COMPARISONS[0].levels as readonly string[];
    const at = (row: number[], names: string[]): number =>
      names.reduce((s, n) => s + (row[levels.indexOf(n)] as number), 0);
    const edits = [
      'exact',
      'legacy_plan',
      'country_form',
      'one_substitution',
      'transposition',
      'digit_dropped_or_doubled',
    ];
    expect(m.converged).toBe(true);
    expect(at(m.m[0] as number[], edits)).toBeGreaterThan(0.85);
    expect(at(m.u[0] as number[], edits)).toBeLessThan(0.1);
    // Validity and support were never labelled: a typo record is more often invalid and seen once.
    const validity = COMPARISONS[4].levels as readonly string[];
    expect((m.m[4] as number[])[validity.indexOf('one_invalid')]).toBeGreaterThan(
      (m.u[4] as number[])[validity.indexOf('one_invalid')] as number,
    );
    expect(m.lambda).toBeGreaterThan(0.5);
  });

  it('finds the synthetic truth with high precision and far more recall than exact-E.164 matching', () => {
    const predicted = result.groups.map((g) => g.memberIds);
    const sut = evaluatePairs(predicted, background.truth);
    const exact = new Map<string, string[]>();
    for (const r of background.records)
      exact.set(`${r.customer_id} ${r.phone_number}`, [
        ...(exact.get(`${r.customer_id} ${r.phone_number}`) ?? []),
        r.phone_id,
      ]);
    const baseline = evaluatePairs([...exact.values()], background.truth);
    expect(sut.precision).toBeGreaterThanOrEqual(0.995);
    expect(sut.recall).toBeGreaterThan(0.9);
    expect(sut.recall).toBeGreaterThan(baseline.recall + 0.8);
  });
});

describe('explainPair', () => {
  it('returns steps that add up to the total weight and match the batch score', () => {
    const byId = new Map(all.map((r) => [r.phone_id, r]));
    for (const g of result.groups.slice(0, 50)) {
      for (const p of g.pairs) {
        const e = explainPair(byId.get(p.a) as PhoneRecord, byId.get(p.b) as PhoneRecord, result.model, {
          termFrequencies: { counts: countNumbers(all), total: all.length },
        });
        const sum = e.steps.reduce((s, step) => s + step.weight, 0);
        expect(sum).toBeCloseTo(e.totalWeight, 9);
        expect(e.steps.at(-1)?.cumulative).toBeCloseTo(e.totalWeight, 9);
        expect(e.probability).toBeCloseTo(p.probability, 9);
      }
    }
  });

  it('renders a text waterfall with one line per step', () => {
    const e = explainPair(HAND[2] as PhoneRecord, HAND[3] as PhoneRecord, result.model);
    const text = renderExplanation(e);
    expect(text).toContain('number');
    expect(text).toContain('transposition');
    expect(text).toMatch(/\|█+/);
    expect(text.split('\n')).toHaveLength(e.steps.length + 2);
  });
});

describe('dedupeRecords: clusters', () => {
  it('returns a partition: every record in at most one group, every accepted link inside one group', () => {
    const seen = new Set<string>();
    for (const g of result.groups) {
      for (const id of g.memberIds) {
        expect(seen.has(id)).toBe(false);
        seen.add(id);
      }
      for (const p of g.pairs) {
        expect(g.memberIds).toContain(p.a);
        expect(g.memberIds).toContain(p.b);
      }
      expect(g.memberIds).toContain(g.masterId);
    }
  });

  it('is transitive: a chain a~b, b~c puts a and c in one group', () => {
    const records = [
      ...background.records,
      rec({ phone_id: 't1', customer_id: 'T', ...strong }),
      rec({ phone_id: 't2', customer_id: 'T', phone_number: '+57300123567', ...weak, ...unreadable }),
      rec({ phone_id: 't3', customer_id: 'T', phone_number: '+5730012367', ...weak, ...unreadable }),
    ];
    const r = dedupeRecords(records, { model: result.model });
    const g = r.groups.find((x) => x.memberIds.includes('t1'));
    expect(g?.memberIds).toEqual(['t1', 't2', 't3']);
  });

  it('is deterministic: the same records in another order give the same result', () => {
    const shuffled = [...all].reverse();
    for (let i = 0; i < shuffled.length; i += 7) {
      const j = (i * 31) % shuffled.length;
      [shuffled[i], shuffled[j]] = [shuffled[j] as PhoneRecord, shuffled[i] as PhoneRecord];
    }
    const again = dedupeRecords(shuffled);
    expect(again.model).toEqual(result.model);
    expect(again.groups).toEqual(result.groups);
    expect(again.reviewPairs).toEqual(result.reviewPairs);
    expect(again.sharedNumbers).toEqual(result.sharedNumbers);
  });

  it('lets labelled pairs move the parameters', () => {
    const byId = new Map(all.map((r) => [r.phone_id, r]));
    const labels = result.groups
      .flatMap((g) => g.pairs)
      .slice(0, 200)
      .map((p) => ({ a: byId.get(p.a) as PhoneRecord, b: byId.get(p.b) as PhoneRecord, match: false }));
    const relabelled = dedupeRecords(all, { labels });
    expect(relabelled.model.labelledPairs).toBe(200);
    expect(relabelled.stats.autoMergePairs).toBeLessThan(result.stats.autoMergePairs);
  });
});

function countNumbers(records: readonly PhoneRecord[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of records) counts.set(r.phone_number, (counts.get(r.phone_number) ?? 0) + 1);
  return counts;
}
