/**
 * `numerator / denominator`, or null when there is nothing to divide by: a metric over no rows
 * is unknown, never 0 and never 1.
 *
 * @example
 * ratio(3, 4); // 0.75
 * ratio(0, 0); // null
 */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}
