import { describe, expect, it } from 'vitest';
import { comparePair } from './compare-pair.js';
import { COMPARISONS } from './comparison-schema.js';
import { MODEL_PRIORS } from './model-priors.js';
import { modelWeights } from './model-weights.js';
import { prepareRecords } from './prepare-records.js';
import { recordFeatures } from './record-features.js';
import { makeTestRecord as rec } from './test-record.fixture.js';

describe('prepareRecords', () => {
  const records = [
    rec({ phone_id: 'b2', customer_id: 'B', phone_number: '+573001234567' }),
    rec({ phone_id: 'a2', customer_id: 'A', phone_number: '+573009999999' }),
    rec({ phone_id: 'a1', customer_id: 'A', phone_number: '+573001234567' }),
    rec({ phone_id: 'c1', customer_id: 'C', phone_number: '+573001234567' }),
    rec({ phone_id: 'x1', customer_id: 'C', phone_number: 'not a number' }),
    rec({ phone_id: 'x2', customer_id: 'B', phone_number: 'not a number' }),
    rec({ phone_id: 'd1', customer_id: 'A', phone_number: '+14155550100', deleted_at: new Date() }),
  ];

  it('orders by customer, number and id, and blocks by customer, whatever the input order', () => {
    for (const input of [records, [...records].reverse()]) {
      const p = prepareRecords(input);
      expect(p.records.map((r) => r.phone_id)).toEqual(['a1', 'a2', 'b2', 'x2', 'c1', 'x1']);
      expect([...p.blockStarts]).toEqual([0, 2, 4, 6]);
    }
  });

  it('counts records per number: every record in numberCountOf, only shared numbers in numberCounts', () => {
    const p = prepareRecords(records);
    expect([...p.numberCountOf]).toEqual([3, 1, 3, 2, 3, 2]);
    expect(Object.fromEntries(p.numberCounts)).toEqual({ '+573001234567': 3, 'not a number': 2 });
  });
});

describe('primary comparison', () => {
  it('levels both, one, neither flagged primary', () => {
    const level = (a: boolean, b: boolean): string => {
      const c = COMPARISONS.findIndex((x) => x.name === 'primary');
      const l = comparePair(recordFeatures(rec({ is_primary: a })), recordFeatures(rec({ is_primary: b })))[
        c
      ];
      return COMPARISONS[c]?.levels[l as number] as string;
    };
    expect([level(true, true), level(true, false), level(false, true), level(false, false)]).toEqual([
      'both_primary',
      'one_primary',
      'one_primary',
      'neither',
    ]);
  });

  it('weighs 0 bits in a model saved before the comparison existed', () => {
    const old = { ...MODEL_PRIORS, m: MODEL_PRIORS.m.slice(0, -1), u: MODEL_PRIORS.u.slice(0, -1) };
    const model = { ...old, lambda: 0.2, iterations: 0, converged: true };
    const w = modelWeights(model as never);
    expect(w.levels).toHaveLength(COMPARISONS.length);
    expect(w.levels.at(-1)).toEqual([0, 0, 0]);
    expect(w.levels[0]).toEqual(modelWeights({ ...model, ...MODEL_PRIORS } as never).levels[0]);
  });
});
