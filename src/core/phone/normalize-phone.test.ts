import { describe, expect, it } from 'vitest';
import { normalizePhone } from './normalize-phone.js';

describe('normalizePhone', () => {
  it.each([
    ['+57 300 123 4567', '+573001234567'],
    ['300-123-4567', '+573001234567'],
    ['(300) 123 4567', '+573001234567'],
  ])('reads %s as %s', (raw, e164) => {
    expect(normalizePhone(raw).normalized).toBe(e164);
  });

  it.each(['123', 'abc123def', ''])('finds no valid number in %j', (raw) => {
    expect(normalizePhone(raw).is_valid).toBe(false);
  });
});
