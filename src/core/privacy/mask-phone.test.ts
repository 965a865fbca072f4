import { describe, expect, it } from 'vitest';
import { maskPhone } from './mask-phone.js';

describe('maskPhone', () => {
  it.each([
    ['+573001234567', '+57300****67'],
    ['+12025550123', '+12025****23'],
    ['+525512345678', '+52551****78'],
    ['+576012345678', '+57601****78'],
    ['3001234567', '30012****67'],
    ['+5760123456', '+57601****56'],
    ['+57601234', '****'],
    ['', '****'],
  ])('masks %s as %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });

  it('hides the middle digits of the number', () => {
    expect(maskPhone('+573001234567')).not.toContain('1234');
  });
});
