import type { DedupeConfig } from '../../core/dedupe/dedupe-config.js';
import type { PhoneRecord, SourceSystem } from '../../core/registry/phone-record.js';

/**
 * The master of a cluster after it absorbs its members: its own number and attributes
 * stay (they describe its number), while the evidence that the phone exists is pooled:
 * every source in priority order, the times seen added up, verification and the primary
 * flag kept if any member had them, the latest update. Members are assumed not to be
 * merged already (their own merged records were counted into them earlier).
 *
 * @example
 * absorbMembers(master, [typoTwin], config).times_seen // master.times_seen + typoTwin.times_seen
 */
export function absorbMembers(
  master: PhoneRecord,
  members: readonly PhoneRecord[],
  config: DedupeConfig,
): PhoneRecord {
  const priority = config.survivorship.sourcePriority as readonly string[];
  const rank = (s: string): number => {
    const i = priority.indexOf(s);
    return i < 0 ? priority.length : i;
  };
  const all = [master, ...members];
  const sources = [...new Set<SourceSystem>(all.flatMap((r) => r.sources))].sort((a, b) => rank(a) - rank(b));
  const verifiedBy = all.find((r) => r.is_verified);
  return {
    ...master,
    sources,
    times_seen: all.reduce((n, r) => n + r.times_seen, 0),
    is_verified: verifiedBy !== undefined,
    verification_method: verifiedBy ? verifiedBy.verification_method : master.verification_method,
    is_primary: all.some((r) => r.is_primary),
    updated_at: new Date(Math.max(...all.map((r) => r.updated_at.getTime()))),
  };
}
