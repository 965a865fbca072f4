import { describe, expect, it } from 'vitest';
import { evaluatePairs } from './evaluate-pairs.js';

describe('evaluatePairs', () => {
  it('counts pairs through cluster intersections', () => {
    const sut = evaluatePairs(
      [
        ['a', 'b', 'c'],
        ['d', 'e'],
      ],
      [['a', 'b'], ['c', 'd', 'e'], ['f']],
    );
    // predicted pairs: ab ac bc de (4); true pairs: ab cd ce de (4); both: ab de
    expect(sut).toMatchObject({
      predictedPairs: 4,
      truePairs: 4,
      truePositives: 2,
      precision: 0.5,
      recall: 0.5,
    });
    expect(sut.f1).toBeCloseTo(0.5);
  });

  it('scores a perfect prediction 1 and no prediction recall 0', () => {
    const truth = [['a', 'b', 'c'], ['d']];
    expect(evaluatePairs(truth, truth)).toMatchObject({ precision: 1, recall: 1, f1: 1 });
    expect(evaluatePairs([], truth)).toMatchObject({ precision: 1, recall: 0, f1: 0 });
  });
});
