import { describe, expect, it } from 'vitest';
import { formatBars } from '../../../src/cli/ui/format-bars.js';
import { formatTable } from '../../../src/cli/ui/format-table.js';

describe('formatTable', () => {
  it('aligns columns under a header, right-aligning where asked', () => {
    const sut = formatTable(
      [
        { name: 'mobile', n: 7 },
        { name: 'fixed_or_mobile', n: 1234 },
      ],
      [
        { title: 'type', value: (r) => r.name },
        { title: 'count', value: (r) => r.n, align: 'right' },
      ],
    );
    expect(sut).toBe(
      [
        'type             count',
        '---------------  -----',
        'mobile               7',
        'fixed_or_mobile   1234',
        '',
      ].join('\n'),
    );
  });

  it('shows null as -, joins lists, escapes control characters and counts full-width digits as two cells', () => {
    const sut = formatTable(
      [
        { raw: '300\u00a0123', issues: ['A', 'B'] },
        { raw: '３００', issues: [] },
      ],
      [
        { title: 'raw', value: (r) => r.raw },
        { title: 'issues', value: (r) => r.issues },
      ],
    );
    const lines = sut.split('\n');
    expect(lines[2]).toBe('300\\u00a0123  A, B');
    // 12 cells wide: the full-width text takes 6, so 6 spaces of padding and 2 of separator.
    expect(lines[3]).toBe('３００        -');
  });
});

describe('formatBars', () => {
  it('draws bars proportional to the largest count, largest first, with percentages of the total', () => {
    expect(formatBars({ fixed: 25, mobile: 75 }, { width: 4 })).toBe(
      ['mobile  ████  75   75.0%', 'fixed   █     25   25.0%', ''].join('\n'),
    );
  });

  it('folds the entries beyond top into other', () => {
    const sut = formatBars({ a: 5, b: 4, c: 1, d: 1 }, { width: 5, top: 2 });
    expect(sut.split('\n').map((l) => l.split(/\s+/)[0])).toEqual(['a', 'b', 'other', '']);
    expect(sut).toMatch(/^other\s+█+\s+2\s+18\.2%$/m);
  });
});
