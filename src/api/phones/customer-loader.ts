import DataLoader from 'dataloader';
import type { PhoneRecord } from '../../core/registry/phone-record.js';
import type { PhoneRepository } from '../../store/phone.repository.js';

/**
 * Customer reads coalesced while the store is busy: the first read goes to the store at
 * once; the reads that arrive while it runs wait for it and then go together in one
 * `lookupCustomers` call, and so on. A burst of requests then costs one query per round
 * trip instead of one per request: the embedded store runs one statement at a time and
 * pays a fixed cost per statement (and per hop to its thread), so under load this is what
 * keeps the queue short. Nothing waits when the store is idle.
 *
 * DataLoader does the grouping, de-duplication and fan-out of results; only the schedule is
 * ours (its default groups what is asked within one tick, which a burst of separate HTTP
 * requests never is).
 *
 * @example
 * const loader = createCustomerLoader(store.phones);
 * const records = await loader.load('C1'); // the customer's live records
 */
export function createCustomerLoader(
  phones: Pick<PhoneRepository, 'lookupCustomers'>,
  options: { maxBatchSize?: number } = {},
): DataLoader<string, PhoneRecord[]> {
  let inFlight: Promise<unknown> | undefined;
  return new DataLoader<string, PhoneRecord[]>(
    async (ids) => {
      const run = phones.lookupCustomers(ids);
      inFlight = run;
      try {
        const records = await run;
        const byCustomer = new Map<string, PhoneRecord[]>(ids.map((id) => [id, []]));
        for (const r of records) byCustomer.get(r.customer_id)?.push(r);
        return ids.map((id) => byCustomer.get(id) as PhoneRecord[]);
      } finally {
        if (inFlight === run) inFlight = undefined;
      }
    },
    {
      cache: false,
      maxBatchSize: options.maxBatchSize ?? 100,
      batchScheduleFn: (dispatch) => {
        if (inFlight) void inFlight.then(dispatch, dispatch);
        else queueMicrotask(dispatch);
      },
    },
  );
}
