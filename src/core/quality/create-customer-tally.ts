import { PhonesetError } from '../errors.js';

/** What the tally knows of one customer when it is finished. */
export interface CustomerSummary {
  customerId: string;
  phones: number;
  hasValidPhone: boolean;
}

/** Per-customer counts (phones, has a valid phone) in a streaming pass. */
export interface CustomerTally {
  /** One row of the customer; `countsAsPhone` false for rows that add no phone (duplicates, invalid). */
  add(customerId: string, isValid: boolean, countsAsPhone?: boolean): void;
  /** Reports the customers not yet reported to `onCustomer` (all of them in map mode, the last in ordered mode). */
  finish(): void;
  readonly customers: number;
}

/**
 * Counts phones per customer. By default it keeps one small number per customer in a Map;
 * with `orderedByCustomer` (the store streams `ORDER BY customer_id`) it keeps only the current
 * customer and reports each one as soon as the next begins, so memory stays flat however
 * large the registry is. Either way `onCustomer` is called exactly once per customer, the
 * last ones by `finish()`. Input out of order in ordered mode is a bug of the caller: it throws.
 *
 * @example
 * const tally = createCustomerTally({ orderedByCustomer: true, onCustomer: (s) => console.log(s) });
 * tally.add('C1', true); tally.add('C2', false); tally.finish();
 */
export function createCustomerTally(
  options: { orderedByCustomer?: boolean; onCustomer?: (summary: CustomerSummary) => void } = {},
): CustomerTally {
  const onCustomer = options.onCustomer ?? (() => {});
  let customers = 0;
  if (options.orderedByCustomer) {
    let current: CustomerSummary | null = null;
    return {
      add(customerId, isValid, countsAsPhone = true) {
        const phone = countsAsPhone ? 1 : 0;
        if (current && current.customerId === customerId) {
          current.phones += phone;
          current.hasValidPhone ||= isValid;
          return;
        }
        if (current && customerId < current.customerId) {
          throw new PhonesetError('QUALITY_UNORDERED_INPUT', {
            detail: `customer "${customerId}" arrived after "${current.customerId}"`,
          });
        }
        if (current) onCustomer(current);
        current = { customerId, phones: phone, hasValidPhone: isValid };
        customers++;
      },
      finish() {
        if (current) onCustomer(current);
        current = null;
      },
      get customers() {
        return customers;
      },
    };
  }
  // phones * 2 + (has a valid phone ? 1 : 0): one small integer per customer.
  const state = new Map<string, number>();
  return {
    add(customerId, isValid, countsAsPhone = true) {
      const prev = state.get(customerId);
      if (prev === undefined) customers++;
      const phones = (prev === undefined ? 0 : Math.floor(prev / 2)) + (countsAsPhone ? 1 : 0);
      const valid = (prev !== undefined && (prev & 1) === 1) || isValid;
      state.set(customerId, phones * 2 + (valid ? 1 : 0));
    },
    finish() {
      for (const [customerId, packed] of state) {
        onCustomer({ customerId, phones: Math.floor(packed / 2), hasValidPhone: (packed & 1) === 1 });
      }
      state.clear();
    },
    get customers() {
      return customers;
    },
  };
}
