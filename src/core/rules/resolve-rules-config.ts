import { PhonesetError } from '../errors.js';
import { DEFAULT_RULES, type RuleAction, type RulesConfig } from './rules-config.js';

const ACTIONS: readonly RuleAction[] = ['reject', 'flag'];

function fail(where: string, detail: string): never {
  throw new PhonesetError('CONFIG_INVALID', { where, detail });
}

function integer(value: unknown, where: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(where, `expected a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * Reads the `rules:` section of the config file over the defaults, refusing
 * unknown keys (a typo must not silently fall back to a default) and values
 * out of range, with the key's place in the message.
 *
 * @example
 * resolveRulesConfig({ max_phones_per_customer: 3, actions: { invalid_for_plan: 'reject' } }, 'phoneset.config.yaml')
 */
export function resolveRulesConfig(raw: unknown, where: string): RulesConfig {
  if (raw === undefined || raw === null) return DEFAULT_RULES;
  if (typeof raw !== 'object' || Array.isArray(raw)) fail(`${where}: rules`, 'expected a mapping');
  const input = raw as Record<string, unknown>;
  const known = Object.keys(DEFAULT_RULES);
  for (const key of Object.keys(input)) {
    if (!known.includes(key))
      fail(`${where}: rules.${key}`, `unknown key; known keys are ${known.join(', ')}`);
  }
  const config: RulesConfig = { ...DEFAULT_RULES, actions: { ...DEFAULT_RULES.actions } };
  if (input.max_phones_per_customer !== undefined) {
    config.max_phones_per_customer = integer(
      input.max_phones_per_customer,
      `${where}: rules.max_phones_per_customer`,
      1,
      1000,
    );
  }
  if (input.min_digits !== undefined)
    config.min_digits = integer(input.min_digits, `${where}: rules.min_digits`, 1, 15);
  if (input.max_digits !== undefined)
    config.max_digits = integer(input.max_digits, `${where}: rules.max_digits`, 1, 15);
  if (config.min_digits > config.max_digits) {
    fail(`${where}: rules`, `min_digits (${config.min_digits}) is above max_digits (${config.max_digits})`);
  }
  if (input.actions !== undefined) {
    if (typeof input.actions !== 'object' || input.actions === null || Array.isArray(input.actions)) {
      fail(`${where}: rules.actions`, 'expected a mapping of rule → reject|flag');
    }
    const actions = input.actions as Record<string, unknown>;
    const rules = Object.keys(DEFAULT_RULES.actions);
    for (const [rule, action] of Object.entries(actions)) {
      if (!rules.includes(rule))
        fail(`${where}: rules.actions.${rule}`, `unknown rule; rules are ${rules.join(', ')}`);
      if (!ACTIONS.includes(action as RuleAction)) {
        fail(`${where}: rules.actions.${rule}`, `expected reject or flag, got ${JSON.stringify(action)}`);
      }
      config.actions[rule as keyof RulesConfig['actions']] = action as RuleAction;
    }
  }
  return config;
}
