import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizePhone as sut } from './normalize-phone.js';
import { PHONE_ISSUES, PHONE_TYPES, type PhoneResult } from './phone-result.js';

const E164 = /^\+[1-9]\d{1,14}$/;
const PHONEISH = [
  ...'0123456789+-() ./#:;,xXeE',
  'ext',
  'tel:',
  '\u00a0',
  '３',
  '٣',
  'cel',
  '(casa)',
  '00',
  '57',
  '0057',
  '1-800-',
];

/** Any string: full Unicode code points (lone surrogates included) and phone-like fragments. */
const anyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.array(fc.constantFrom(...PHONEISH), { maxLength: 30 }).map((parts) => parts.join('')),
);
const defaultCountry = fc.constantFrom('CO', 'US', 'MX', 'ES', 'BR', 'AR', 'GB', 'DE', 'IN', 'XX', 'co', '');

function checkShape(r: PhoneResult): void {
  if (r.normalized !== null) expect(r.normalized).toMatch(E164);
  expect(PHONE_TYPES).toContain(r.type);
  for (const issue of r.issues) expect(PHONE_ISSUES).toContain(issue);
  expect(r.confidence_score).toBeGreaterThanOrEqual(0);
  expect(r.confidence_score).toBeLessThanOrEqual(1);
  if (r.is_valid) expect(r.normalized).not.toBeNull();
  for (const other of r.others ?? []) checkShape(other);
}

describe('normalizePhone — properties', () => {
  it('never throws and always returns a well-formed result', () => {
    fc.assert(
      fc.property(anyString, defaultCountry, (raw, country) => {
        checkShape(sut(raw, { defaultCountry: country }));
      }),
      { numRuns: 5_000 },
    );
  });

  it('stays bounded on huge strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }), (unit) => {
        const started = performance.now();
        checkShape(sut(unit.repeat(Math.ceil(2_000_000 / unit.length))));
        expect(performance.now() - started).toBeLessThan(1_000);
      }),
      { numRuns: 20 },
    );
  });

  it('is idempotent on its own E.164 output', () => {
    fc.assert(
      fc.property(anyString, defaultCountry, (raw, country) => {
        const first = sut(raw, { defaultCountry: country });
        for (const r of [first, ...(first.others ?? [])]) {
          if (r.normalized === null) continue;
          const again = sut(r.normalized, { defaultCountry: country });
          expect(again.normalized).toBe(r.normalized);
          expect(again.is_valid).toBe(r.is_valid);
          expect(again.type).toBe(r.type);
          expect(again.country_code).toBe(r.country_code);
        }
      }),
      { numRuns: 5_000 },
    );
  });

  it('reads a Colombian mobile the same however it is written', () => {
    const mobile = fc
      .tuple(
        fc.constantFrom('300', '301', '310', '311', '312', '313', '314', '315', '316', '320', '321', '350'),
        fc.stringMatching(/^\d{7}$/),
      )
      .map(([prefix, rest]) => prefix + rest);
    const layout = fc.constantFrom(
      (n: string) => n,
      (n: string) => `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`,
      (n: string) => `(${n.slice(0, 3)}) ${n.slice(3, 6)}-${n.slice(6)}`,
      (n: string) => `+57 ${n}`,
      (n: string) => `57${n}`,
      (n: string) => `0057 ${n}`,
      (n: string) => `tel:+57${n}`,
      (n: string) => `cel: ${n.slice(0, 3)}.${n.slice(3, 6)}.${n.slice(6)} (casa)`,
      (n: string) => `'${n}`,
    );
    fc.assert(
      fc.property(mobile, layout, (n, write) => {
        const r = sut(write(n));
        expect(r.normalized).toBe(`+57${n}`);
        expect(r.is_valid).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });
});
