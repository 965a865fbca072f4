/**
 * Number formats of the reports: percentages truncated (99.96 % never reads as 100 %),
 * counts with thousands separators, a dash for unknown values.
 *
 * @example
 * reportFormat.percent(0.9996); // '99.9%'
 * reportFormat.count(12345); // '12,345'
 */
export const reportFormat = {
  percent(value: number | null | undefined, digits = 1): string {
    if (value === null || value === undefined) return '—';
    const f = 10 ** digits;
    return `${(Math.floor(value * 100 * f) / f).toFixed(digits)}%`;
  },
  count(value: number | null | undefined): string {
    return value === null || value === undefined ? '—' : value.toLocaleString('en-US');
  },
  decimal(value: number | null | undefined, digits = 2): string {
    return value === null || value === undefined ? '—' : value.toFixed(digits);
  },
  hours(value: number | null | undefined): string {
    if (value === null || value === undefined) return '—';
    return value >= 48 ? `${(value / 24).toFixed(1)} d` : `${value.toFixed(1)} h`;
  },
  date(iso: string): string {
    return iso.slice(0, 16).replace('T', ' ');
  },
};
