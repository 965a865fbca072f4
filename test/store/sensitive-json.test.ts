import { describe, expect, it } from 'vitest';
import { openJson, SealMemo, sealJson, sealJsonText } from '../../src/store/sensitive-json.js';
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

describe('sealJsonText', () => {
  const ring = testKeyRing();
  const values = {
    phone_number: '+573001234567',
    phone_type: 'mobile',
    carrier: null,
    sources: ['crm_salesforce', 'web_forms'],
    raw_values: { Celular: '300 123 4567', Nombre: 'Ana' },
    note: 'llamar al 300 765 4321',
    at: new Date('2026-11-28T10:00:00Z'),
    skipped: undefined,
  };

  it('writes the JSON of sealJson: the same keys, the same readable values, every number sealed', () => {
    const text = sealJsonText(values, ring, new SealMemo());
    expect(text).not.toMatch(/\d{7}|Ana|765/);
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(Object.keys(JSON.parse(JSON.stringify(sealJson(values, ring)))));
    expect(openJson(parsed, ring)).toEqual(JSON.parse(JSON.stringify(values)));
  });

  it('encodes an object met again in the same write once: an event embeds its audit values verbatim', () => {
    const memo = new SealMemo();
    const audit = sealJsonText(values, ring, memo);
    const event = sealJsonText({ operation: 'INSERT', customer_id: 'C-1', changes: values }, ring, memo);
    expect(event).toBe(`{"operation":"INSERT","customer_id":"C-1","changes":${audit}}`);
    // A fresh write seals afresh (new nonces), so equal values do not give equal text across writes.
    expect(sealJsonText(values, ring, new SealMemo())).not.toBe(audit);
  });
});
