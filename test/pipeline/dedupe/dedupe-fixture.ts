import { makeSyntheticRegistry } from '../../../src/core/dedupe/make-synthetic-registry.js';
import { makeTestRecord as rec } from '../../../src/core/dedupe/test-record.fixture.js';
import type { PhoneRecord } from '../../../src/core/registry/phone-record.js';
import type { Store } from '../../../src/store/store.js';

const strong: Partial<PhoneRecord> = {
  is_verified: true,
  verification_method: 'crm_salesforce',
  times_seen: 5,
  sources: ['crm_salesforce', 'call_center'],
  source_system: 'crm_salesforce',
  confidence_score: 0.95,
};
const weak: Partial<PhoneRecord> = {
  times_seen: 1,
  sources: ['manual_upload'],
  source_system: 'manual_upload',
};

/** Hand-built situations, by name, on top of a synthetic background the model trains on. */
const HAND = {
  // One digit wrong: a typo twin of a strong record.
  twinMaster: rec({ customer_id: 'H1', ...strong, is_primary: false }),
  twin: rec({ customer_id: 'H1', phone_number: '+573001294567', ...weak, is_primary: true }),
  // A mobile and the next number in the block, both real, verified, often seen lines.
  lineA: rec({ customer_id: 'H8', ...strong }),
  lineB: rec({ customer_id: 'H8', phone_number: '+573001234568', ...strong, times_seen: 3 }),
  // One number under two customers: shared, never merged.
  sharedA: rec({ customer_id: 'H9a', phone_number: '+573155550000', carrier: 'Movistar', ...strong }),
  sharedB: rec({ customer_id: 'H9b', phone_number: '+573155550000', carrier: 'Movistar', ...weak }),
  // A customer whose two records the tests send to review by hand.
  reviewA: rec({ customer_id: 'H20', phone_number: '+573104445566', carrier: 'Claro', ...strong }),
  reviewB: rec({ customer_id: 'H20', phone_number: '+573104445577', carrier: 'Claro', ...weak }),
} satisfies Record<string, PhoneRecord>;

export type HandName = keyof typeof HAND;

/** The seeded registry: hand-built record ids by name. */
export interface SeededRegistry {
  ids: Record<HandName, string>;
  total: number;
}

/**
 * Fills a store with a synthetic registry (so EM has a population) plus the hand-built
 * cases, with lineage rows (source_record_id = `SR-<phone id>`).
 *
 * @example
 * const { ids } = await seedRegistry(store);
 */
export async function seedRegistry(store: Store, customers = 1500): Promise<SeededRegistry> {
  const background = makeSyntheticRegistry({ customers, seed: 11 }).records;
  const names = Object.keys(HAND) as HandName[];
  const all = [...background, ...names.map((n) => HAND[n])];
  const reserved = await store.phones.reserveIds(all.length);
  const records = all.map((r, i) => ({ ...r, phone_id: reserved[i] as string }));
  for (let i = 0; i < records.length; i += 4000) {
    const part = records.slice(i, i + 4000);
    await store.applyChanges({
      inserts: part,
      lineage: part.map((r) => ({
        phone_id: r.phone_id,
        batch_id: 'seed',
        source_system: r.source_system,
        source_record_id: `SR-${r.phone_id}`,
      })),
    });
  }
  const ids = {} as Record<HandName, string>;
  names.forEach((n, k) => {
    ids[n] = (records[background.length + k] as PhoneRecord).phone_id;
  });
  return { ids, total: records.length };
}
