import { describe, expect, it } from 'vitest';
import { createKeySet } from './create-key-set.js';

describe('createKeySet', () => {
  it('answers "seen before" exactly like a Set over 200,000 keys, growing as needed', () => {
    const sut = createKeySet(16);
    const reference = new Set<string>();
    for (let i = 0; i < 200_000; i++) {
      const key = `C${i % 150_000}\u0000+57300${(i * 7919) % 150_000}`;
      expect(sut.add(key)).toBe(!reference.has(key));
      reference.add(key);
    }
    expect(sut.size).toBe(reference.size);
  });

  it('tells apart keys that differ in one character or in order', () => {
    const sut = createKeySet();
    expect(sut.add('C1|+573001234567')).toBe(true);
    expect(sut.add('C1|+573001234576')).toBe(true);
    expect(sut.add('C1|+573001234567')).toBe(false);
    expect(sut.add('')).toBe(true);
    expect(sut.add('')).toBe(false);
  });
});

describe('createKeySet compound keys', () => {
  it('treats (a, b) as one key, distinct from other splits of the same characters', () => {
    const sut = createKeySet();
    expect(sut.add('C1', '+573001234567')).toBe(true);
    expect(sut.add('C1', '+573001234567')).toBe(false);
    expect(sut.add('C1+', '573001234567')).toBe(true);
    expect(sut.add('C1+573001234567')).toBe(true);
    expect(sut.add('C1', '')).toBe(true);
    expect(sut.add('C1')).toBe(true);
  });
});
