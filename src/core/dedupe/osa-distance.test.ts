import { describe, expect, it } from 'vitest';
import { osaDistance } from './osa-distance.js';

describe('osaDistance', () => {
  it.each([
    ['3001234567', '3001234567', 0],
    ['3001234567', '3001234568', 1],
    ['3001234567', '3001243567', 1],
    ['3001234567', '300123456', 1],
    ['3001234567', '30012345677', 1],
    ['3001234567', '3001243568', 2],
    ['3001234567', '3109876543', 4],
    ['', '123', 3],
    ['ca', 'abc', 3],
  ])('distance(%s, %s) is %i (capped at max + 1)', (a, b, expected) => {
    expect(osaDistance(a, b, 3)).toBe(Math.min(expected, 4));
  });

  it('gives up at max + 1', () => {
    expect(osaDistance('3001234567', '3109876543', 2)).toBe(3);
  });
});
