import { describe, expect, it } from 'vitest';
import { PhonesetError } from '../errors.js';
import { resolveRulesConfig } from './resolve-rules-config.js';
import { DEFAULT_RULES } from './rules-config.js';

describe('resolveRulesConfig', () => {
  it('gives the defaults when the section is absent', () => {
    expect(resolveRulesConfig(undefined, 'f.yaml')).toEqual(DEFAULT_RULES);
  });

  it('overrides only what the file sets', () => {
    const sut = resolveRulesConfig(
      { max_phones_per_customer: 3, actions: { invalid_for_plan: 'reject' } },
      'f.yaml',
    );
    expect(sut.max_phones_per_customer).toBe(3);
    expect(sut.actions.invalid_for_plan).toBe('reject');
    expect(sut.actions.fake_number).toBe(DEFAULT_RULES.actions.fake_number);
    expect(DEFAULT_RULES.actions.invalid_for_plan).toBe('flag');
  });

  it.each([
    [{ max_phones_per_custmer: 3 }, 'f.yaml: rules.max_phones_per_custmer', 'unknown key'],
    [{ max_phones_per_customer: 0 }, 'f.yaml: rules.max_phones_per_customer', 'from 1 to 1000'],
    [{ min_digits: 12, max_digits: 10 }, 'f.yaml: rules', 'above max_digits'],
    [{ actions: { fake_number: 'drop' } }, 'f.yaml: rules.actions.fake_number', 'expected reject or flag'],
    [{ actions: { no_such_rule: 'flag' } }, 'f.yaml: rules.actions.no_such_rule', 'unknown rule'],
  ])('refuses %j, naming %s', (raw, where, why) => {
    try {
      resolveRulesConfig(raw, 'f.yaml');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PhonesetError);
      expect((error as PhonesetError).code).toBe('CONFIG_INVALID');
      expect((error as PhonesetError).message).toContain(where);
      expect((error as PhonesetError).message).toContain(why);
    }
  });
});
