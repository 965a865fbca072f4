import { InvalidArgumentError } from 'commander';

/**
 * A country option: an ISO 3166-1 alpha-2 code, upper-cased.
 *
 * @example
 * program.option('--default-country <code>', 'country of numbers without a code', parseCountry, 'CO');
 */
export const parseCountry = (value: string): string => {
  if (!/^[A-Za-z]{2}$/.test(value))
    throw new InvalidArgumentError('expected an ISO 3166-1 alpha-2 code such as CO');
  return value.toUpperCase();
};

/**
 * A worker-thread count: 0 (none) to 64.
 *
 * @example
 * program.option('--workers <n>', 'worker threads (0: none)', parseWorkers);
 */
export const parseWorkers = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 64) throw new InvalidArgumentError('expected a whole number 0–64');
  return n;
};
