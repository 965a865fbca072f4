import type { CustomerLink, SharedNumber } from '../../core/dedupe/find-shared-numbers.js';
import { findSharedNumbers } from '../../core/dedupe/find-shared-numbers.js';
import { prepareRecords } from '../../core/dedupe/prepare-records.js';
import { type DedupeConfigInput, resolveDedupeConfig } from '../../core/dedupe/resolve-dedupe-config.js';
import type { DedupeStore } from './dedupe-ports.js';
import { loadRegistry } from './load-registry.js';

/** `phoneset dedupe report`: numbers held by several customers, and the customers they link. */
export interface DedupeReport {
  records: number;
  shared_numbers: SharedNumber[];
  /** Possible duplicate customers, strongest evidence first. */
  customer_links: CustomerLink[];
}

/**
 * Finds the numbers held by more than one customer (never merged: a family or company line
 * can be shared) and the pairs of customers they link, which may be one customer recorded
 * twice. Reads the live registry; writes nothing.
 *
 * @example
 * const { shared_numbers, customer_links } = await dedupeReport(store);
 */
export async function dedupeReport(
  store: Pick<DedupeStore, 'phones'>,
  options: { config?: DedupeConfigInput } = {},
): Promise<DedupeReport> {
  const records = await loadRegistry(store);
  const prepared = prepareRecords(records);
  const { sharedNumbers, customerLinks } = findSharedNumbers(prepared, resolveDedupeConfig(options.config));
  return { records: prepared.records.length, shared_numbers: sharedNumbers, customer_links: customerLinks };
}
