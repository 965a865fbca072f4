import { describe, expect, it } from 'vitest';
import { expandFailingIds } from './expand-failing-ids.js';
import { createIdCollector } from './id-collector.js';

describe('createIdCollector', () => {
  it('keeps integer ids as merged, sorted ranges and other ids as text', () => {
    const sut = createIdCollector('phone_id');
    for (const id of ['5', '6', '7', 1, 2, 'a-1', '9', '08', 3]) sut.add(id);
    expect(sut.result()).toEqual({
      kind: 'phone_id',
      count: 9,
      ranges: [
        [1, 3],
        [5, 7],
        [9, 9],
      ],
      ids: ['a-1', '08'],
    });
  });

  it('round-trips a million ids through the compact form', () => {
    const sut = createIdCollector('row');
    const expected: string[] = [];
    for (let i = 1; i <= 1_000_000; i++) {
      if (i % 1000 < 600) {
        sut.add(i);
        expected.push(String(i));
      }
    }
    const result = sut.result();
    expect(result.count).toBe(600_000);
    expect(result.ranges.length).toBe(1001); // 1–599, then 600 ids from each 1000k, then 1,000,000 alone
    expect([...expandFailingIds(result)]).toEqual(expected);
    expect([...expandFailingIds(result, 3)]).toEqual(['1', '2', '3']);
  });
});
