/**
 * The comparisons the match model scores, each with its levels in order. A pair's
 * comparison vector holds one level index per comparison. Level names are stable: they
 * appear in explanations and in saved models.
 */
export const COMPARISONS = [
  {
    name: 'number',
    description: 'national number: equality, plan/country equivalence, edit kind',
    levels: [
      'exact',
      'legacy_plan',
      'country_form',
      'next_number',
      'one_substitution',
      'transposition',
      'digit_dropped_or_doubled',
      'distance_2',
      'different',
    ],
  },
  { name: 'type', description: 'number type', levels: ['same', 'one_unknown', 'different'], nullLevel: 1 },
  {
    name: 'carrier',
    description: 'original carrier',
    levels: ['same', 'missing', 'different'],
    nullLevel: 1,
  },
  { name: 'region', description: 'area or region', levels: ['same', 'missing', 'different'], nullLevel: 1 },
  {
    name: 'validity',
    description: 'valid for its plan',
    levels: ['both_valid', 'one_invalid', 'both_invalid'],
  },
  {
    name: 'verification',
    description: 'verified by a source',
    levels: ['both_verified', 'one_verified', 'neither'],
  },
  {
    name: 'support',
    description: 'times seen (the weaker vs the stronger record)',
    levels: ['both_repeated', 'both_once', 'once_vs_twice', 'once_vs_many'],
  },
  { name: 'sources', description: 'source systems', levels: ['same_set', 'overlap', 'disjoint'] },
  {
    name: 'recency',
    description: 'days between updates',
    levels: ['same_day', 'within_30d', 'within_1y', 'over_1y'],
  },
  {
    name: 'primary',
    description: "flagged as the customer's primary phone",
    levels: ['both_primary', 'one_primary', 'neither'],
  },
] as const;

export type ComparisonName = (typeof COMPARISONS)[number]['name'];

/**
 * Per comparison, the level meaning "cannot compare" (a value is missing), or -1. A null
 * level carries no evidence: m = u = 1 by convention (weight 0) and EM does not estimate
 * it. Without this, an unreadable number, which has neither type nor carrier nor region,
 * would count three times as evidence through three correlated comparisons.
 */
export const NULL_LEVELS: readonly number[] = COMPARISONS.map((c) => ('nullLevel' in c ? c.nullLevel : -1));

/** Number of comparisons in a vector. */
export const COMPARISON_COUNT = COMPARISONS.length;

/** Levels of the `number` comparison whose value is "the same number" (term-frequency adjusted). */
export const SAME_NUMBER_LEVELS: readonly number[] = [0, 1, 2];
