import type { PhoneRecord } from '../registry/phone-record.js';
import type { DedupeConfig } from './dedupe-config.js';
import type { PreparedRecords } from './prepare-records.js';

/** One number held by records of two or more customers (never merged). */
export interface SharedNumber {
  phoneNumber: string;
  customerIds: string[];
  phoneIds: string[];
  /** Evidence (bits) that its holders are one customer: log2(records / holders); rarer is stronger. */
  evidenceBits: number;
  /** Held by more customers than `maxSharedCustomers`: a switchboard or placeholder, links no customers. */
  tooCommon: boolean;
}

/** Two customers linked by shared numbers: possibly one customer recorded twice. */
export interface CustomerLink {
  customerA: string;
  customerB: string;
  phoneNumbers: string[];
  evidenceBits: number;
}

/**
 * Cross-customer blocking by exact E.164: finds every number held by more than one
 * customer, and the pairs of customers those numbers link (numbers held by more than
 * `maxSharedCustomers` customers are reported but link nobody, which also caps the work).
 *
 * @example
 * findSharedNumbers(prepareRecords(records), config).customerLinks[0] // { customerA, customerB, … }
 */
export function findSharedNumbers(
  prepared: PreparedRecords,
  config: DedupeConfig,
): { sharedNumbers: SharedNumber[]; customerLinks: CustomerLink[] } {
  const holders = new Map<string, { customers: string[]; phoneIds: string[] }>();
  for (let i = 0; i < prepared.records.length; i++) {
    if ((prepared.numberCountOf[i] as number) < 2) continue;
    const r = prepared.records[i] as PhoneRecord;
    let h = holders.get(r.phone_number);
    if (!h) {
      h = { customers: [], phoneIds: [] };
      holders.set(r.phone_number, h);
    }
    if (h.customers[h.customers.length - 1] !== r.customer_id) h.customers.push(r.customer_id);
    h.phoneIds.push(r.phone_id);
  }
  const total = prepared.records.length;
  const sharedNumbers: SharedNumber[] = [];
  const links = new Map<string, CustomerLink>();
  const numbers = [...holders.keys()].sort();
  for (const phoneNumber of numbers) {
    const h = holders.get(phoneNumber) as { customers: string[]; phoneIds: string[] };
    const customers = [...new Set(h.customers)].sort();
    if (customers.length < 2) continue;
    const evidenceBits = Math.log2(total / h.phoneIds.length);
    const tooCommon = customers.length > config.maxSharedCustomers;
    sharedNumbers.push({
      phoneNumber,
      customerIds: customers,
      phoneIds: [...h.phoneIds].sort(),
      evidenceBits,
      tooCommon,
    });
    if (tooCommon) continue;
    for (let i = 0; i < customers.length; i++) {
      for (let j = i + 1; j < customers.length; j++) {
        const key = `${customers[i]}\u0000${customers[j]}`;
        let link = links.get(key);
        if (!link) {
          link = {
            customerA: customers[i] as string,
            customerB: customers[j] as string,
            phoneNumbers: [],
            evidenceBits: 0,
          };
          links.set(key, link);
        }
        link.phoneNumbers.push(phoneNumber);
        link.evidenceBits += evidenceBits;
      }
    }
  }
  const customerLinks = [...links.values()].sort(
    (x, y) =>
      y.evidenceBits - x.evidenceBits ||
      (x.customerA < y.customerA ? -1 : x.customerA > y.customerA ? 1 : x.customerB < y.customerB ? -1 : 1),
  );
  return { sharedNumbers, customerLinks };
}
