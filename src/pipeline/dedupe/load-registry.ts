import type { PhoneRecord, SourceSystem } from '../../core/registry/phone-record.js';
import type { DedupeStore } from './dedupe-ports.js';

const NO_ISSUES: string[] = [];

/**
 * A copy of a string that holds no reference to the text it was cut from. V8 keeps a long
 * substring as a view into its parent, so a value kept from a parsed page of rows would keep
 * the whole page alive: for a registry of millions, hundreds of megabytes.
 */
function detach(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'utf8').toString('utf8');
}

/**
 * Streams the live, unmerged registry (COPY pages over id ranges) into the compact
 * form the matching engine reads: the fields it compares and ranks, with repeated strings
 * and source lists shared between records and fields it never reads (issues, timezone)
 * left out. Merging re-reads the whole records it changes.
 *
 * @example
 * const records = await loadRegistry(store, { customerId: 'C1' });
 */
export async function loadRegistry(
  store: { readonly phones: Pick<DedupeStore['phones'], 'iterate' | 'scan'> },
  options: { customerId?: string } = {},
): Promise<PhoneRecord[]> {
  const strings = new Map<string, string>();
  const intern = (s: string | null): string | null => {
    if (s === null) return null;
    const known = strings.get(s);
    if (known !== undefined) return known;
    const own = detach(s);
    strings.set(own, own);
    return own;
  };
  const sourceLists = new Map<string, SourceSystem[]>();
  const records: PhoneRecord[] = [];
  // The engine sorts records itself: the whole registry comes by `scan` (COPY over id ranges,
  // the cheapest walk on both engines), one customer by `iterate`.
  const source =
    options.customerId !== undefined
      ? store.phones.iterate({ masters_only: true, customer_id: options.customerId })
      : store.phones.scan({ masters_only: true });
  for await (const r of source) {
    const key = r.sources.join(',');
    let sources = sourceLists.get(key);
    if (!sources) {
      sources = r.sources;
      sourceLists.set(key, sources);
    }
    // The scanned record is this function's own: slimmed in place rather than copied.
    records.push(
      Object.assign(r, {
        customer_id: detach(r.customer_id),
        phone_type: intern(r.phone_type) as PhoneRecord['phone_type'],
        country_code: intern(r.country_code),
        carrier: intern(r.carrier),
        region: intern(r.region),
        timezone: null,
        verification_method: intern(r.verification_method),
        source_system: intern(r.source_system) as SourceSystem,
        sources,
        issues: NO_ISSUES,
      }),
    );
  }
  return records;
}
