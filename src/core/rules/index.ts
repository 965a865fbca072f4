export { evaluateRow, type RowToCheck, type RowVerdict, type RuleContext } from './evaluate-row.js';
export { exceedsPhoneLimit } from './exceeds-phone-limit.js';
export { parseDeclaredType } from './parse-declared-type.js';
export { resolveRulesConfig } from './resolve-rules-config.js';
export { RULE_CODES, type RuleCode, type RuleViolation } from './rule-violation.js';
export { DEFAULT_RULES, type RuleAction, type RulesConfig } from './rules-config.js';
