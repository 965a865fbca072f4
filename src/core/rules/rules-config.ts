/**
 * What a rule does when a row breaks it: `reject` keeps the row out of the
 * registry (it goes to rejected records with its reasons), `flag` lets it in
 * with the violation recorded (it then does not count as valid for the
 * validity dimension).
 */
export type RuleAction = 'reject' | 'flag';

/** Business rules and thresholds; the `rules` section of the config file. */
export interface RulesConfig {
  /** Most phones one customer may hold in the registry (the design's max_phones_per_customer). */
  max_phones_per_customer: number;
  /**
   * Digits of the E.164 number, country code included. ITU-T E.164 allows at
   * most 15; the shortest numbers in use have 7 (e.g. Niue, +683 4xxx). The
   * original design's minimum of 10 would reject valid numbers of small
   * numbering plans, so the default follows E.164 instead.
   */
  min_digits: number;
  max_digits: number;
  actions: {
    missing_customer_id: RuleAction;
    no_number: RuleAction;
    invalid_for_plan: RuleAction;
    fake_number: RuleAction;
    blacklisted: RuleAction;
    length_bounds: RuleAction;
    too_many_phones: RuleAction;
    type_mismatch: RuleAction;
  };
}

/**
 * Defaults. Numbers invalid for their plan are kept and flagged rather than
 * rejected: a dropped or doubled digit is a typo that deduplication can still
 * resolve against its twin, which it could not do once the row is gone.
 *
 * @example
 * const rules = { ...DEFAULT_RULES, max_phones_per_customer: 3 };
 */
export const DEFAULT_RULES: RulesConfig = {
  max_phones_per_customer: 5,
  min_digits: 7,
  max_digits: 15,
  actions: {
    missing_customer_id: 'reject',
    no_number: 'reject',
    invalid_for_plan: 'flag',
    fake_number: 'reject',
    blacklisted: 'reject',
    length_bounds: 'reject',
    too_many_phones: 'reject',
    type_mismatch: 'flag',
  },
};
