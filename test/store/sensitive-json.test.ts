import { describe, expect, it } from 'vitest';
import { openJson, sealJson } from '../../src/store/sensitive-json.js';
import { testKeyRing } from '../support/store.js';

describe('sealJson', () => {
  const ring = testKeyRing();

  it.each([
    ['a number under a sensitive key', { phone_number: '+573001234567' }],
    ['a phone-like string under any key', { alt: '(601) 234-5678' }],
    ['a number inside free text', { note: 'call 300 123 4567 after 5pm' }],
    ['a number in a nested array', { others: [{ e164: '+573001234567' }, '3001234567'] }],
    ['any string under a sensitive parent', { raw_values: { Nombre: 'Ana' } }],
  ])('encrypts %s and opens it back', (_, value) => {
    const sealed = sealJson(value, ring);
    expect(JSON.stringify(sealed)).not.toMatch(/\d{7}|Ana/);
    expect(JSON.stringify(sealed)).not.toContain('234-5678');
    expect(openJson(sealed, ring)).toEqual(value);
  });

  it('keeps codes, short numbers, flags and timestamps readable', () => {
    const value = {
      phone_type: 'mobile',
      confidence_score: 0.93,
      times_seen: 12345678,
      issues: ['FORMAT_CLEANED'],
      customer_id: 'C-001',
      updated_at: '2026-11-28T05:22:48.123Z',
      day: '2026-11-28',
      is_valid: true,
      merged_into: null,
    };
    expect(sealJson(value, ring)).toEqual(value);
  });
});
