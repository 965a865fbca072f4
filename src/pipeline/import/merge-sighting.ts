import { compareSurvivorship } from '../../core/dedupe/compare-survivorship.js';
import { DEFAULT_DEDUPE_CONFIG } from '../../core/dedupe/dedupe-config.js';
import type { PhoneRecord, SourceSystem } from '../../core/registry/phone-record.js';

/**
 * A registry record seen again: the surviving values by survivorship (verified > confidence
 * > recency > source priority, as configured for dedupe), the sources that saw it kept in
 * priority order, verification never lost. On a full tie the stored record survives, so
 * that seeing the same row twice changes nothing. Identity and bookkeeping (id, key,
 * primary flag, times seen, creation, merge and deletion marks) stay the stored record's.
 *
 * @example
 * mergeSighting(stored, incoming).sources; // ['crm_salesforce', 'web_forms']
 */
export function mergeSighting(
  existing: PhoneRecord,
  incoming: PhoneRecord,
  config = DEFAULT_DEDUPE_CONFIG,
): PhoneRecord {
  const challenger = { ...incoming, phone_id: existing.phone_id };
  const winner = compareSurvivorship(existing, challenger, config) <= 0 ? existing : challenger;
  const priority = config.survivorship.sourcePriority as readonly string[];
  const rank = (s: string) => {
    const i = priority.indexOf(s);
    return i < 0 ? priority.length : i;
  };
  const sources = [...new Set<SourceSystem>([...existing.sources, ...incoming.sources])].sort(
    (a, b) => rank(a) - rank(b),
  );
  const verifiedBy = existing.is_verified ? existing : incoming.is_verified ? incoming : null;
  return {
    ...winner,
    phone_id: existing.phone_id,
    customer_id: existing.customer_id,
    phone_number: existing.phone_number,
    is_primary: existing.is_primary,
    is_verified: verifiedBy !== null,
    verification_method: verifiedBy?.verification_method ?? null,
    sources,
    times_seen: existing.times_seen,
    merged_into: existing.merged_into,
    created_at: existing.created_at,
    updated_at: new Date(Math.max(existing.updated_at.getTime(), incoming.updated_at.getTime())),
    deleted_at: existing.deleted_at,
  };
}
