export interface TableColumn<T> {
  title: string;
  value: (row: T) => unknown;
  /** Default left; numbers read better right-aligned. */
  align?: 'left' | 'right';
}

// Full-width and other wide characters take two terminal cells.
const cellWidth = (text: string): number => {
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    width +=
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xff00 && code <= 0xff60)
        ? 2
        : 1;
  }
  return width;
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u00a0]/g;

const show = (value: unknown): string => {
  if (value === null || value === undefined) return '-';
  if (Array.isArray(value)) return value.length === 0 ? '-' : value.join(', ');
  // Control characters (tabs, NBSP, newlines) would break the columns: show them escaped.
  return String(value).replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
};

/**
 * Renders rows as a plain-text table with a header and aligned columns (no colours, so it
 * reads the same in a terminal, a pipe or a log).
 *
 * @example
 * formatTable([{ n: 'a', c: 1 }], [{ title: 'name', value: (r) => r.n }, { title: 'count', value: (r) => r.c, align: 'right' }]);
 * // 'name  count\n----  -----\na         1\n'
 */
export function formatTable<T>(rows: readonly T[], columns: readonly TableColumn<T>[]): string {
  const cells = rows.map((row) => columns.map((column) => show(column.value(row))));
  const widths = columns.map((column, i) =>
    Math.max(cellWidth(column.title), ...cells.map((line) => cellWidth(line[i] as string))),
  );
  const pad = (text: string, i: number): string => {
    const fill = ' '.repeat(Math.max(0, (widths[i] as number) - cellWidth(text)));
    return columns[i]?.align === 'right' ? fill + text : text + fill;
  };
  const lines = [
    columns.map((column, i) => pad(column.title, i)).join('  '),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.map((line) => line.map(pad).join('  ')),
  ];
  return `${lines.map((line) => line.trimEnd()).join('\n')}\n`;
}
