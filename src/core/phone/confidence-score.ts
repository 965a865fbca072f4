import type { PhoneIssue, PhoneResult } from './phone-result.js';

/**
 * How much each issue lowers the score. Typed over every code, so a new code cannot be
 * added without deciding its weight here (docs/phone-engine.md explains each weight).
 */
export const ISSUE_PENALTIES: Readonly<Record<PhoneIssue, number>> = {
  EMPTY: 1,
  NOT_A_NUMBER: 1,
  TOO_SHORT: 0,
  TOO_LONG: 0,
  INVALID_COUNTRY: 0,
  INVALID_FOR_REGION: 0,
  INVALID_LENGTH: 0,
  LEGACY_FIXED_MIGRATED: 0.1,
  NO_AREA_CODE: 0,
  FAKE_PATTERN: 0,
  EXTENSION_REMOVED: 0,
  INTERNATIONAL_PREFIX_0057: 0.05,
  CARRIER_PREFIX_REMOVED: 0.02,
  NATIONAL_PREFIX_REMOVED: 0.01,
  COUNTRY_CODE_WITHOUT_PLUS: 0.05,
  LABEL_REMOVED: 0.02,
  VANITY_LETTERS_CONVERTED: 0.15,
  MULTIPLE_NUMBERS: 0.1,
  EXCEL_SCIENTIFIC_NOTATION: 1,
  INPUT_TRUNCATED: 0.3,
  FORMAT_CLEANED: 0.02,
  BINARY_DATA: 1,
  INTERNATIONAL_PREFIX_REMOVED: 0.05,
  AREA_HINT_APPLIED: 0.2,
};

/** Ceiling for a number that looks like a placeholder, however clean. */
export const FAKE_PATTERN_CEILING = 0.2;

/**
 * The confidence (0–1, two decimals) that a verdict names a real, reachable customer line:
 * no number → 0; otherwise 1 for a valid number (0.95 if its type is only
 * `fixed_or_mobile`, 0.9 if `unknown`) or 0.25 for a readable but invalid one, minus
 * each issue's penalty, capped at 0.2 for a fake pattern. Kept in one place so that later
 * signals (source reliability, a trained model) change one function.
 *
 * @example
 * confidenceScore({ normalized: '+576011234567', is_valid: true, type: 'fixed', issues: ['LEGACY_FIXED_MIGRATED'] }) // 0.9
 */
export function confidenceScore(
  verdict: Pick<PhoneResult, 'normalized' | 'is_valid' | 'type' | 'issues'>,
): number {
  if (verdict.normalized === null) return 0;
  let score = verdict.is_valid
    ? verdict.type === 'unknown'
      ? 0.9
      : verdict.type === 'fixed_or_mobile'
        ? 0.95
        : 1
    : 0.25;
  let fake = false;
  for (const issue of verdict.issues) {
    score -= ISSUE_PENALTIES[issue] ?? 0;
    if (issue === 'FAKE_PATTERN') fake = true;
  }
  if (fake && score > FAKE_PATTERN_CEILING) score = FAKE_PATTERN_CEILING;
  return score <= 0 ? 0 : Math.round(score * 100) / 100;
}
