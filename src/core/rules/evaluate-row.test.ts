import { describe, expect, it } from 'vitest';
import { normalizePhone } from '../phone/index.js';
import { evaluateRow } from './evaluate-row.js';
import { exceedsPhoneLimit } from './exceeds-phone-limit.js';
import { parseDeclaredType } from './parse-declared-type.js';
import { DEFAULT_RULES } from './rules-config.js';

const open = { isBlacklisted: () => false };

describe('evaluateRow', () => {
  it('accepts a clean Colombian mobile with its declared type', () => {
    const sut = evaluateRow(
      { customer_id: 'C1', declared_type: 'mobile' },
      normalizePhone('300 555 1234'),
      open,
      DEFAULT_RULES,
    );
    expect(sut).toEqual({ accepted: true, passed: true, violations: [] });
  });

  it('rejects a row without customer id and says which field', () => {
    const sut = evaluateRow(
      { customer_id: '  ', declared_type: null },
      normalizePhone('300 555 1234'),
      open,
      DEFAULT_RULES,
    );
    expect(sut.accepted).toBe(false);
    expect(sut.violations.map((v) => [v.code, v.field])).toEqual([['MISSING_CUSTOMER_ID', 'customer_id']]);
  });

  it('rejects a value with no number and quotes the value', () => {
    const sut = evaluateRow(
      { customer_id: 'C1', declared_type: null },
      normalizePhone('N/A'),
      open,
      DEFAULT_RULES,
    );
    expect(sut.accepted).toBe(false);
    expect(sut.violations[0]?.code).toBe('NO_NUMBER');
    expect(sut.violations[0]?.message).toContain('"N/A"');
  });

  it('keeps a number invalid for its plan but flags it, so it is not counted as passed', () => {
    const sut = evaluateRow(
      { customer_id: 'C1', declared_type: null },
      normalizePhone('+57 300 555 123'),
      open,
      DEFAULT_RULES,
    );
    expect(sut.accepted).toBe(true);
    expect(sut.passed).toBe(false);
    expect(sut.violations.map((v) => v.code)).toContain('INVALID_FOR_PLAN');
  });

  it('rejects a blacklisted number', () => {
    const blacklist = { isBlacklisted: (e164: string) => e164 === '+573005551234' };
    const sut = evaluateRow(
      { customer_id: 'C1', declared_type: null },
      normalizePhone('3005551234'),
      blacklist,
      DEFAULT_RULES,
    );
    expect(sut.accepted).toBe(false);
    expect(sut.violations.map((v) => v.code)).toEqual(['BLACKLISTED']);
  });

  it('flags a declared fixed line that the plan says is a mobile', () => {
    const sut = evaluateRow(
      { customer_id: 'C1', declared_type: 'fixed' },
      normalizePhone('3005551234'),
      open,
      DEFAULT_RULES,
    );
    expect(sut.accepted).toBe(true);
    expect(sut.violations.map((v) => v.code)).toEqual(['TYPE_MISMATCH']);
  });

  it('follows the configured action: a rejecting invalid-for-plan rule rejects', () => {
    const strict = {
      ...DEFAULT_RULES,
      actions: { ...DEFAULT_RULES.actions, invalid_for_plan: 'reject' as const },
    };
    const sut = evaluateRow(
      { customer_id: 'C1', declared_type: null },
      normalizePhone('+57 300 555 123'),
      open,
      strict,
    );
    expect(sut.accepted).toBe(false);
  });

  it('checks digit bounds on the E.164 number', () => {
    const narrow = { ...DEFAULT_RULES, min_digits: 13 };
    const sut = evaluateRow(
      { customer_id: 'C1', declared_type: null },
      normalizePhone('3005551234'),
      open,
      narrow,
    );
    expect(sut.violations.map((v) => v.code)).toEqual(['LENGTH_OUT_OF_BOUNDS']);
  });
});

describe('exceedsPhoneLimit', () => {
  it.each([
    [4, false],
    [5, true],
    [9, true],
  ])('a customer holding %i phones cannot take another: %s', (held, expected) => {
    expect(exceedsPhoneLimit(held, DEFAULT_RULES)).toBe(expected);
  });
});

describe('parseDeclaredType', () => {
  it.each([
    ['Móvil', 'mobile'],
    ['CELULAR', 'mobile'],
    ['fijo', 'fixed'],
    ['Fax', 'fax'],
    ['land line', null],
    ['', null],
    [undefined, null],
  ])('reads %j as %j', (raw, expected) => {
    expect(parseDeclaredType(raw)).toBe(expected);
  });
});
