export interface BarsOptions {
  /** Width of the longest bar, in characters. Default 30. */
  width?: number;
  /** Show only the largest N entries (the rest are summed as `other`). */
  top?: number;
  /** Denominator for the percentages. Default: the sum of the counts. */
  total?: number;
}

/**
 * Renders counts as horizontal bars, largest first, with counts and percentages:
 * a terminal-friendly chart for summaries.
 *
 * @example
 * formatBars({ mobile: 75, fixed: 25 }, { width: 4 });
 * // 'mobile  ████  75  75.0%\nfixed   █     25  25.0%\n'
 */
export function formatBars(counts: Record<string, number>, options: BarsOptions = {}): string {
  const width = options.width ?? 30;
  let entries = Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (options.top !== undefined && entries.length > options.top) {
    const rest = entries.slice(options.top).reduce((sum, [, n]) => sum + n, 0);
    entries = [...entries.slice(0, options.top), ['other', rest]];
  }
  if (entries.length === 0) return '';
  const total = options.total ?? entries.reduce((sum, [, n]) => sum + n, 0);
  const max = Math.max(...entries.map(([, n]) => n));
  const labelWidth = Math.max(...entries.map(([label]) => label.length));
  const countWidth = Math.max(...entries.map(([, n]) => n.toLocaleString('en-US').length));
  return entries
    .map(([label, n]) => {
      const length = max > 0 ? Math.round((n / max) * width) : 0;
      const bar = '█'.repeat(n > 0 ? Math.max(1, length) : 0).padEnd(width);
      const pct = total > 0 ? `${((100 * n) / total).toFixed(1)}%` : '-';
      return `${label.padEnd(labelWidth)}  ${bar}  ${n.toLocaleString('en-US').padStart(countWidth)}  ${pct.padStart(6)}`.trimEnd();
    })
    .join('\n')
    .concat('\n');
}
