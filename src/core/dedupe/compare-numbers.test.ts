import { describe, expect, it } from 'vitest';
import { compareNumbers, NUMBER_LEVEL } from './compare-numbers.js';
import { splitE164 } from './split-e164.js';

const level = (a: string, b: string): number => {
  const x = splitE164(a);
  const y = splitE164(b);
  return compareNumbers(x.cc, x.nsn, y.cc, y.nsn);
};

describe('compareNumbers', () => {
  it.each([
    ['+573001234567', '+573001234567', 'exact'],
    ['+5712345678', '+576012345678', 'legacyPlan'],
    ['+576042345678', '+5742345678', 'legacyPlan'],
    ['+13001234567', '+573001234567', 'countryForm'],
    ['+57573001234567', '+573001234567', 'countryForm'],
    ['+573001234567', '+573001234568', 'nextNumber'],
    ['+573001234569', '+573001234570', 'nextNumber'],
    ['+573001234567', '+573001234569', 'nextNumber'],
    ['+573001234567', '+573001234564', 'oneSubstitution'],
    ['+573001234567', '+573001934567', 'oneSubstitution'],
    ['+573001234567', '+573001243567', 'transposition'],
    ['+573001234567', '+57300124567', 'digitDroppedOrDoubled'],
    ['+573001234567', '+5730012334567', 'digitDroppedOrDoubled'],
    ['+573001234567', '+573001243568', 'distance2'],
    ['+573001234567', '+573109876543', 'different'],
    ['+573001234567', '+13001234568', 'distance2'],
    // `300 1234 4567` typed with a doubled digit and read as French: one typo, not two.
    ['+573001234567', '+33001234567', 'digitDroppedOrDoubled'],
    ['+576013589173', '+60135891773', 'digitDroppedOrDoubled'],
  ] as const)('%s vs %s is %s', (a, b, expected) => {
    expect(level(a, b)).toBe(NUMBER_LEVEL[expected]);
    expect(level(b, a)).toBe(NUMBER_LEVEL[expected]);
  });

  it('does not treat a 60X number and an unrelated 8-digit number as legacy forms', () => {
    expect(level('+5712345678', '+576019999999')).toBe(NUMBER_LEVEL.different);
  });
});
