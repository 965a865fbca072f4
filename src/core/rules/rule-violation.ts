/** Stable codes of business-rule violations; they are the `by_reason` keys of an import summary. */
export const RULE_CODES = [
  'MISSING_CUSTOMER_ID',
  'NO_NUMBER',
  'INVALID_FOR_PLAN',
  'FAKE_NUMBER',
  'BLACKLISTED',
  'LENGTH_OUT_OF_BOUNDS',
  'TOO_MANY_PHONES',
  'TYPE_MISMATCH',
] as const;
export type RuleCode = (typeof RULE_CODES)[number];

/** One broken rule for one row, with what the row held and what was expected. */
export interface RuleViolation {
  code: RuleCode;
  action: 'reject' | 'flag';
  /** The field the rule looked at. */
  field: 'customer_id' | 'phone_number' | 'phone_type';
  /** Human-readable: what was found and what was expected. */
  message: string;
}
