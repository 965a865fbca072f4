import { type PhoneRecord, SOURCE_SYSTEMS, type SourceSystem } from './phone-record.js';

/** The decision steps, applied in the configured order; the first that separates the two wins. */
export const SURVIVORSHIP_STEPS = ['verified', 'confidence', 'recency', 'source_priority'] as const;
export type SurvivorshipStep = (typeof SURVIVORSHIP_STEPS)[number];

/** How conflicts between an existing record and a new observation are decided. */
export interface SurvivorshipConfig {
  /** Steps in order (any subset). Default: verified > confidence > recency > source priority. */
  steps: readonly SurvivorshipStep[];
  /** Sources from most to least trusted; unlisted sources rank last. */
  sourcePriority: readonly SourceSystem[];
  /** Confidence scores closer than this count as equal. Default 0. */
  confidenceTolerance: number;
}

export const DEFAULT_SURVIVORSHIP: SurvivorshipConfig = {
  steps: SURVIVORSHIP_STEPS,
  sourcePriority: SOURCE_SYSTEMS,
  confidenceTolerance: 0,
};

/** One source's observation of a customer's number, as the import or the API has it. */
export type IncomingPhone = Pick<
  PhoneRecord,
  | 'customer_id'
  | 'phone_number'
  | 'phone_type'
  | 'country_code'
  | 'carrier'
  | 'region'
  | 'timezone'
  | 'is_valid'
  | 'is_primary'
  | 'is_verified'
  | 'verification_method'
  | 'confidence_score'
  | 'source_system'
  | 'issues'
> & {
  /** When the source last changed the row (its `updated_at`), else when it arrived. */
  observed_at: Date;
};

export interface SurvivorshipResult {
  record: PhoneRecord;
  /** Whose values survived. Ties keep the existing record (stable under re-imports). */
  winner: 'existing' | 'incoming';
  /** The step that decided, or `tie`. */
  decidedBy: SurvivorshipStep | 'tie';
  /** Whether any value other than `times_seen`/`sources` bookkeeping changed. */
  changed: boolean;
}

// Fields that move together with the winner: one source's verdict is kept whole,
// never a mix of two sources' carrier and type.
const VALUE_FIELDS = [
  'phone_type',
  'country_code',
  'carrier',
  'region',
  'timezone',
  'is_valid',
  'is_verified',
  'verification_method',
  'confidence_score',
  'source_system',
  'issues',
] as const;

function compare(
  step: SurvivorshipStep,
  existing: PhoneRecord,
  incoming: IncomingPhone,
  config: SurvivorshipConfig,
): number {
  switch (step) {
    case 'verified':
      return Number(incoming.is_verified) - Number(existing.is_verified);
    case 'confidence': {
      const diff = incoming.confidence_score - existing.confidence_score;
      return Math.abs(diff) <= config.confidenceTolerance ? 0 : Math.sign(diff);
    }
    case 'recency':
      return Math.sign(incoming.observed_at.getTime() - existing.updated_at.getTime());
    case 'source_priority': {
      const rank = (s: string) => {
        const i = config.sourcePriority.indexOf(s as SourceSystem);
        return i < 0 ? config.sourcePriority.length : i;
      };
      return Math.sign(rank(existing.source_system) - rank(incoming.source_system));
    }
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

/**
 * Merges a new observation of a number into the registry record that already
 * holds it. The configured steps decide whose values survive (by default:
 * verified beats unverified, then higher confidence, then the more recent, then
 * the more trusted source; a full tie keeps the existing record). Whatever
 * wins, the record keeps every source that has sent the number (ordered by
 * source priority) and counts one more sighting. `is_primary` is kept if either
 * side says primary (the one-primary-per-customer rule settles conflicts).
 * `updated_at` becomes `now` only when a value changed.
 *
 * @example
 * const { record, winner, changed } = mergeBySurvivorship(existing, incoming, new Date());
 */
export function mergeBySurvivorship(
  existing: PhoneRecord,
  incoming: IncomingPhone,
  now: Date,
  config: SurvivorshipConfig = DEFAULT_SURVIVORSHIP,
): SurvivorshipResult {
  let winner: 'existing' | 'incoming' = 'existing';
  let decidedBy: SurvivorshipStep | 'tie' = 'tie';
  for (const step of config.steps) {
    const c = compare(step, existing, incoming, config);
    if (c !== 0) {
      winner = c > 0 ? 'incoming' : 'existing';
      decidedBy = step;
      break;
    }
  }

  const record: PhoneRecord = { ...existing };
  if (winner === 'incoming') {
    for (const f of VALUE_FIELDS) (record as unknown as Record<string, unknown>)[f] = incoming[f];
    record.issues = [...incoming.issues];
  }
  record.is_primary = existing.is_primary || incoming.is_primary;
  const rank = (s: string) => {
    const i = config.sourcePriority.indexOf(s as SourceSystem);
    return i < 0 ? config.sourcePriority.length : i;
  };
  record.sources = [...new Set([...existing.sources, incoming.source_system])].sort(
    (a, b) => rank(a) - rank(b),
  );
  record.times_seen = existing.times_seen + 1;

  const changed =
    VALUE_FIELDS.some((f) => !sameValue(record[f], existing[f])) ||
    record.is_primary !== existing.is_primary ||
    !sameValue(record.sources, existing.sources);
  if (changed) record.updated_at = now;
  return { record, winner, decidedBy, changed };
}
