import type { PhoneResult } from '../phone/phone-result.js';
import type { RegistryPhoneType } from '../registry/phone-record.js';
import type { RuleViolation } from './rule-violation.js';
import type { RulesConfig } from './rules-config.js';

/** What a rule needs to know beyond the row itself. */
export interface RuleContext {
  /** True when the E.164 number is on the blacklist. */
  isBlacklisted(e164: string): boolean;
}

export interface RowToCheck {
  customer_id: string | null;
  /** The type the source declared, already parsed (see parseDeclaredType). */
  declared_type: RegistryPhoneType | null;
}

/** The verdict of the business rules on one row. */
export interface RowVerdict {
  /** True when no violated rule rejects the row. */
  accepted: boolean;
  /** True when no rule at all was violated (the validity dimension counts these). */
  passed: boolean;
  violations: RuleViolation[];
}

function digitsOf(e164: string): number {
  return e164.length - 1;
}

/** Types a declared type is compatible with: a fax is a fixed line; fixed_or_mobile fits either. */
function typesAgree(declared: RegistryPhoneType, detected: PhoneResult['type']): boolean {
  if (detected === 'unknown' || detected === 'fixed_or_mobile') return true;
  if (declared === 'fax') return detected === 'fixed' || detected === 'voip';
  return declared === detected;
}

/**
 * Applies the row-level business rules (everything that needs no other row:
 * customer id present, a number read, valid for its plan, not fake, not
 * blacklisted, length bounds, declared vs detected type) to one normalized row.
 * The per-customer limit and the single primary need the registry and are
 * applied by the import pipeline with `exceedsPhoneLimit`.
 *
 * @example
 * evaluateRow({ customer_id: 'C1', declared_type: 'mobile' }, normalizePhone('300 123 4567'), ctx, DEFAULT_RULES)
 * // { accepted: true, passed: true, violations: [] }
 */
export function evaluateRow(
  row: RowToCheck,
  result: PhoneResult,
  context: RuleContext,
  config: RulesConfig,
): RowVerdict {
  const violations: RuleViolation[] = [];
  const { actions } = config;
  if (!row.customer_id || row.customer_id.trim() === '') {
    violations.push({
      code: 'MISSING_CUSTOMER_ID',
      action: actions.missing_customer_id,
      field: 'customer_id',
      message: 'customer_id is empty; every phone must belong to a customer',
    });
  }
  const e164 = result.normalized;
  if (e164 === null) {
    const why = result.issues.length ? result.issues.join(', ') : 'no digits';
    violations.push({
      code: 'NO_NUMBER',
      action: actions.no_number,
      field: 'phone_number',
      message: `no phone number could be read from ${JSON.stringify(result.original.slice(0, 64))} (${why})`,
    });
  } else {
    const digits = digitsOf(e164);
    if (digits < config.min_digits || digits > config.max_digits) {
      violations.push({
        code: 'LENGTH_OUT_OF_BOUNDS',
        action: actions.length_bounds,
        field: 'phone_number',
        message: `${digits} digits; expected ${config.min_digits} to ${config.max_digits} (E.164, country code included)`,
      });
    }
    if (!result.is_valid) {
      const why = result.issues.filter((i) => i !== 'FORMAT_CLEANED').join(', ') || 'not a valid number';
      violations.push({
        code: 'INVALID_FOR_PLAN',
        action: actions.invalid_for_plan,
        field: 'phone_number',
        message: `not valid for the numbering plan of ${result.country_code ?? 'any country'} (${why})`,
      });
    }
    if (result.issues.includes('FAKE_PATTERN')) {
      violations.push({
        code: 'FAKE_NUMBER',
        action: actions.fake_number,
        field: 'phone_number',
        message: 'looks like a placeholder or test number (repeated or ascending digits, known fake)',
      });
    }
    if (context.isBlacklisted(e164)) {
      violations.push({
        code: 'BLACKLISTED',
        action: actions.blacklisted,
        field: 'phone_number',
        message: 'the number is on the blacklist',
      });
    }
  }
  if (row.declared_type && !typesAgree(row.declared_type, result.type)) {
    violations.push({
      code: 'TYPE_MISMATCH',
      action: actions.type_mismatch,
      field: 'phone_type',
      message: `declared ${row.declared_type}, the numbering plan says ${result.type}`,
    });
  }
  return {
    accepted: violations.every((v) => v.action !== 'reject'),
    passed: violations.length === 0,
    violations,
  };
}
