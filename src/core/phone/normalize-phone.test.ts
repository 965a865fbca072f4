import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { METADATA_VERSION, normalizePhone as sut } from './normalize-phone.js';
import type { PhoneEnricher, PhoneIssue, PhoneResult } from './phone-result.js';

type Expect = Partial<Omit<PhoneResult, 'issues'>> & { issues?: PhoneIssue[]; without?: PhoneIssue[] };

function check(raw: string, expected: Expect, options: Parameters<typeof sut>[1] = {}): void {
  const r = sut(raw, options);
  const { issues, without, ...fields } = expected;
  expect(r).toMatchObject(fields);
  for (const issue of issues ?? []) expect(r.issues).toContain(issue);
  for (const issue of without ?? []) expect(r.issues).not.toContain(issue);
}

describe('normalizePhone — the seed cases of the issue', () => {
  it.each([['+57 300 123 4567'], ['300-123-4567'], ['(300) 123 4567'], ['573001234567']])(
    'reads %s as +573001234567',
    (raw) => check(raw, { normalized: '+573001234567', is_valid: true, country_code: 'CO', type: 'mobile' }),
  );

  it('accepts +573001234567 and +14155552671 as valid', () => {
    check('+573001234567', { is_valid: true, type: 'mobile' });
    check('+14155552671', { normalized: '+14155552671', is_valid: true, country_code: 'US' });
  });

  it('migrates +5711234567 (old Bogotá plan) to +576011234567', () =>
    check('+5711234567', {
      normalized: '+576011234567',
      is_valid: true,
      type: 'fixed',
      issues: ['LEGACY_FIXED_MIGRATED'],
    }));

  it.each([
    ['123', 'TOO_SHORT'],
    ['+57123', 'TOO_SHORT'],
    ['abc123def', 'TOO_SHORT'],
    ['', 'EMPTY'],
  ] as const)('finds no valid number in %j (%s)', (raw, issue) =>
    check(raw, { is_valid: false, normalized: null, confidence_score: 0, issues: [issue] }),
  );
});

describe('normalizePhone — what real exports contain', () => {
  it.each([
    ['310.555.1234'],
    ['310/555/1234'],
    ['310 555 1234'],
    ['  310-555-1234  '],
    ['(310)555-1234'],
    ['+57 (310) 555-1234'],
    ['+57-310-555-1234'],
    ['57 310 555 1234'],
    ['310\u00a0555\u00a01234'],
    ['３１０５５５１２３４'],
    ['٣١٠٥٥٥١٢٣٤'],
    ["'3105551234"],
    ['"3105551234"'],
    ['3105551234.0'],
    ['tel:+57-310-555-1234'],
    ['tel:310-555-1234;phone-context=+57'],
    ['cel: 310 555 1234'],
    ['Celular: 310 555 1234'],
    ['Móvil 310 555 1234'],
    ['310 555 1234 (casa)'],
    ['310 555 1234 casa'],
    ['(cel) 310 555 1234'],
    ['310 555 1234 (cel)'],
    ['3105551234 - oficina'],
    ['03 310 555 1234'],
  ])('reads %j as +573105551234', (raw) =>
    check(raw, { normalized: '+573105551234', is_valid: true, type: 'mobile' }),
  );

  it.each([
    ['310 555 1234 ext. 12'],
    ['310 555 1234 x12'],
    ['310 555 1234 #12'],
    ['310 555 1234 ext 12'],
    ['310-555-1234 Ext: 12'],
    ['310 555 1234 extensión 12'],
    ['310 555 1234 ext 12 (oficina)'],
    ['tel:+573105551234;ext=12'],
  ])('moves the extension of %j out of the number', (raw) =>
    check(raw, {
      normalized: '+573105551234',
      extension: '12',
      is_valid: true,
      issues: ['EXTENSION_REMOVED'],
    }),
  );

  it('flags labels it removed, and the Excel apostrophe as a format clean-up', () => {
    check('cel: 310 555 1234', { issues: ['LABEL_REMOVED'] });
    check("'3105551234", { issues: ['FORMAT_CLEANED'] });
    check('310 555 1234', { issues: [], without: ['FORMAT_CLEANED', 'LABEL_REMOVED'] });
  });

  it('does not read trailing words as keypad letters', () => {
    check('300 123 4567 (cel)', { normalized: '+573001234567', without: ['VANITY_LETTERS_CONVERTED'] });
    check('310 555 1234 casa', { normalized: '+573105551234', without: ['VANITY_LETTERS_CONVERTED'] });
    check('310-555-1234-casa', { normalized: '+573105551234', without: ['VANITY_LETTERS_CONVERTED'] });
  });

  it('converts vanity letters that sit inside digit groups', () => {
    check(
      '1-800-FLOWERS',
      { normalized: '+18003569377', issues: ['VANITY_LETTERS_CONVERTED'] },
      { defaultCountry: 'US' },
    );
    check(
      '1-800-GO-FEDEX',
      { normalized: '+18004633339', issues: ['VANITY_LETTERS_CONVERTED'] },
      { defaultCountry: 'US' },
    );
    check('+1 800 FLOWERS', { normalized: null, is_valid: false, without: ['VANITY_LETTERS_CONVERTED'] });
  });

  it('splits two numbers in one field instead of losing one', () => {
    for (const raw of [
      '312 555 1234 / 313 555 6789',
      '312 555 1234; 313 555 6789',
      '312 555 1234 y 313 555 6789',
    ]) {
      const r = sut(raw);
      expect(r.normalized).toBe('+573125551234');
      expect(r.issues).toContain('MULTIPLE_NUMBERS');
      expect(r.others?.map((o) => o.normalized)).toEqual(['+573135556789']);
    }
    expect(sut('310 555 1234, ext 12').others).toBeUndefined();
  });

  it.each([['3.00123457E+09'], ['3,00123457E+09'], ['5.71E+11'], ['3.1e9']])(
    'flags Excel scientific notation %j and never guesses',
    (raw) => check(raw, { normalized: null, is_valid: false, issues: ['EXCEL_SCIENTIFIC_NOTATION'] }),
  );

  it.each([
    [''],
    ['   '],
    ['\t\n'],
    ['N/A'],
    ['n/a'],
    ['#N/A'],
    ['-'],
    ['--'],
    ['0'],
    ['null'],
    ['NULL'],
    ['sin dato'],
    ['ninguno'],
  ])('reports %j as EMPTY', (raw) =>
    check(raw, { normalized: null, is_valid: false, issues: ['EMPTY'], confidence_score: 0 }),
  );

  it('reports binary junk and plain words clearly', () => {
    check('\u0000\u0001\u0002PK\u0003\u0004', { normalized: null, issues: ['BINARY_DATA'] });
    check('\uFFFD\uFFFD300', { normalized: null, issues: ['BINARY_DATA'] });
    check('no contestar', { normalized: null, issues: ['NOT_A_NUMBER'] });
  });

  it('cuts a 10 MB value, flags it, and returns quickly', () => {
    const started = Date.now();
    check('3'.repeat(10_000_000), { normalized: null, issues: ['INPUT_TRUNCATED'] });
    check(`cel ${'x'.repeat(10_000_000)}`, { normalized: null, issues: ['INPUT_TRUNCATED'] });
    check(`310 555 1234 ${' '.repeat(10_000_000)}`, {
      normalized: '+573105551234',
      issues: ['INPUT_TRUNCATED'],
    });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('never throws on values that are not strings', () => {
    for (const raw of [undefined, null, 3105551234, {}, Symbol('x')] as unknown as string[]) {
      expect(() => sut(raw)).not.toThrow();
    }
    expect(sut(3105551234 as unknown as string).normalized).toBe('+573105551234');
  });
});

describe('normalizePhone — Colombian international and carrier prefixes', () => {
  it('reads 0057 as +57 for default CO and flags it (libphonenumber reads +7)', () => {
    check('0057 310 555 1234', { normalized: '+573105551234', issues: ['INTERNATIONAL_PREFIX_0057'] });
    check('00573105551234', { normalized: '+573105551234', issues: ['INTERNATIONAL_PREFIX_0057'] });
    check('0057 1 2345678', {
      normalized: '+576012345678',
      issues: ['INTERNATIONAL_PREFIX_0057', 'LEGACY_FIXED_MIGRATED'],
    });
  });

  it.each([
    ['009 57 310 555 1234'],
    ['007 57 310 555 1234'],
    ['005 57 310 555 1234'],
    ['00414 57 310 555 1234'],
    ['00456 57 310 555 1234'],
    ['00444 57 310 555 1234'],
  ])('keeps the carrier prefix in %j working', (raw) =>
    check(raw, { normalized: '+573105551234', is_valid: true, issues: ['CARRIER_PREFIX_REMOVED'] }),
  );

  it('reads 009 1 415… and 00 34 … from Colombia as international', () => {
    check('009 1 415 555 2671', {
      normalized: '+14155552671',
      country_code: 'US',
      issues: ['CARRIER_PREFIX_REMOVED'],
    });
    check('0034 91 555 0123', {
      normalized: '+34915550123',
      country_code: 'ES',
      issues: ['INTERNATIONAL_PREFIX_REMOVED'],
    });
  });

  it('reads 57 without the plus and flags it', () => {
    check('573105551234', { normalized: '+573105551234', issues: ['COUNTRY_CODE_WITHOUT_PLUS'] });
    check('14155552671', { normalized: '+14155552671', issues: ['COUNTRY_CODE_WITHOUT_PLUS'] });
  });
});

describe('normalizePhone — the 2021 Colombian fixed-line plan', () => {
  it.each([
    ['1 2345678', '+576012345678'],
    ['(1) 234 5678', '+576012345678'],
    ['+57 1 2345678', '+576012345678'],
    ['57 1 2345678', '+576012345678'],
    ['(4) 4445566', '+576044445566'],
    ['034 4445566', '+576044445566'],
    ['0 4 4445566', '+576044445566'],
    ['(2) 5551234', '+576025551234'],
    ['(5) 3581234', '+576053581234'],
    ['(6) 8851234', '+576068851234'],
    ['(7) 6341234', '+576076341234'],
    ['(8) 2631234', '+576082631234'],
    ['+57 4 6123456', '+576046123456'],
    ['(4) 6123456', '+576046123456'],
    ['46123456', '+576046123456'],
  ])('migrates %j to %s', (raw, e164) =>
    check(raw, {
      normalized: e164,
      is_valid: true,
      type: 'fixed',
      country_code: 'CO',
      issues: ['LEGACY_FIXED_MIGRATED'],
    }),
  );

  it('keeps a 46… number written the way that range is written', () =>
    check('4612 3456', { normalized: '+5746123456', is_valid: true, without: ['LEGACY_FIXED_MIGRATED'] }));

  it.each(['+5746123456', '4600.0057'])('gives back its own output for a kept 46… number (%j)', (raw) => {
    const first = sut(raw, { defaultCountry: 'CO' });
    expect(first.issues).not.toContain('LEGACY_FIXED_MIGRATED');
    const again = sut(first.normalized as string, { defaultCountry: 'CO' });
    expect(again.normalized).toBe(first.normalized);
    expect(again.issues).not.toContain('LEGACY_FIXED_MIGRATED');
  });

  it('leaves numbers already in the new plan alone', () =>
    check('601 555 1234', { normalized: '+576015551234', issues: [], without: ['LEGACY_FIXED_MIGRATED'] }));

  it('does not guess the area of a bare 7-digit number', () =>
    check('555 1234', { normalized: null, is_valid: false, country_code: 'CO', issues: ['NO_AREA_CODE'] }));

  it.each([
    ['604', '+576045551234'],
    ['4', '+576045551234'],
    ['Medellín', '+576045551234'],
    ['antioquia', '+576045551234'],
    ['Bogotá D.C.', '+576015551234'],
    ['Valle del Cauca', '+576025551234'],
  ])('uses the area hint %j for a bare 7-digit number', (areaHint, e164) =>
    check(
      '555 1234',
      { normalized: e164, is_valid: true, issues: ['NO_AREA_CODE', 'AREA_HINT_APPLIED'] },
      { areaHint },
    ),
  );

  it('ignores an area hint that names no Colombian area', () =>
    check('555 1234', { normalized: null, issues: ['NO_AREA_CODE'] }, { areaHint: 'Narnia' }));
});

describe('normalizePhone — placeholders and fakes', () => {
  it.each([
    ['3001234567'],
    ['3000000000'],
    ['3111111111'],
    ['6010000000'],
    ['3109876543'],
    ['+1 212 555 0123'],
    ['3121212121'],
  ])('flags %j as FAKE_PATTERN, still valid for the plan, with low confidence', (raw) => {
    const r = sut(raw);
    expect(r.is_valid).toBe(true);
    expect(r.issues).toContain('FAKE_PATTERN');
    expect(r.confidence_score).toBeLessThanOrEqual(0.2);
  });

  it('does not flag an ordinary number', () => {
    const r = sut('310 555 1234');
    expect(r.issues).toEqual([]);
    expect(r.confidence_score).toBe(1);
  });
});

describe('normalizePhone — other countries', () => {
  it.each([
    ['+1 (415) 555-2671', 'US', '+14155552671', 'fixed_or_mobile'],
    ['(415) 555-2671', 'US', '+14155552671', 'fixed_or_mobile'],
    ['+52 55 5555 0199', 'CO', '+525555550199', 'fixed_or_mobile'],
    ['55 4155 2671', 'MX', '+525541552671', 'fixed_or_mobile'],
    ['+34 612 44 55 66', 'CO', '+34612445566', 'mobile'],
    ['91 447 7777', 'ES', '+34914477777', 'fixed'],
    ['+55 11 98765-4321', 'CO', '+5511987654321', 'mobile'],
    ['(11) 3456-7890', 'BR', '+551134567890', 'fixed'],
    ['+54 9 11 4567-8901', 'CO', '+5491145678901', 'mobile'],
    ['011 4567-8901', 'AR', '+541145678901', 'fixed'],
    ['+44 7911 123456', 'CO', '+447911123456', 'mobile'],
    ['020 7946 0958', 'GB', '+442079460958', 'fixed'],
    ['+44 (0)20 7946 0958', 'CO', '+442079460958', 'fixed'],
    ['+49 30 901820', 'CO', '+4930901820', 'fixed'],
    ['0151 23456789', 'DE', '+4915123456789', 'mobile'],
    ['+91 98190 12345', 'CO', '+919819012345', 'mobile'],
    ['+33 6 12 34 56 78', 'CO', '+33612345678', 'mobile'],
    ['+58 412 555 1234', 'CO', '+584125551234', 'mobile'],
    ['+593 99 555 1234', 'CO', '+593995551234', 'mobile'],
    ['+51 987 654 321', 'CO', '+51987654321', 'mobile'],
  ])('reads %j (default %s) as %s', (raw, defaultCountry, e164, type) =>
    check(raw, { normalized: e164, is_valid: true, type: type as PhoneResult['type'] }, { defaultCountry }),
  );

  it('flags an unknown default country but still reads international numbers', () => {
    check('3105551234', { normalized: null, issues: ['INVALID_COUNTRY'] }, { defaultCountry: 'XX' });
    check('+573105551234', { normalized: '+573105551234', is_valid: true }, { defaultCountry: 'XX' });
  });

  it('reports a number that does not fit its plan', () => {
    check('+57 310 555 123', { is_valid: false, issues: ['INVALID_LENGTH'] });
    check('+57 210 555 1234', {
      is_valid: false,
      normalized: '+572105551234',
      issues: ['INVALID_FOR_REGION'],
    });
    check('+57 310 555 1234 5678 9', { is_valid: false, normalized: null, issues: ['TOO_LONG'] });
  });
});

describe('normalizePhone — enrichment and version', () => {
  const enricher: PhoneEnricher = {
    dataVersion: 'test@1',
    carrierOf: (cc, nsn) => (cc === '57' && nsn.startsWith('310') ? 'Claro' : null),
    regionOf: (cc, nsn) => (cc === '57' && nsn.startsWith('6015') ? 'Bogotá' : null),
    timezoneOf: (cc) => (cc === '57' ? 'America/Bogota' : null),
  };

  it('asks the enricher for carrier (mobile ranges only), region and time zone', () => {
    check(
      '310 555 1234',
      { carrier: 'Claro', timezone: 'America/Bogota', metadata_version: `${METADATA_VERSION}+test@1` },
      { enricher },
    );
    check('601 555 1234', { carrier: null, region: 'Bogotá' }, { enricher });
  });

  it('falls back to the department of the 60X indicative when the data has no region', () =>
    check('604 555 1234', { region: 'Antioquia, Córdoba, Chocó' }, { enricher }));

  it('leaves enrichment empty without an enricher', () =>
    check('310 555 1234', { carrier: null, timezone: null, metadata_version: METADATA_VERSION }));

  it('names the installed libphonenumber-js in METADATA_VERSION', () => {
    const pkg = createRequire(import.meta.url)('libphonenumber-js/package.json') as { version: string };
    expect(METADATA_VERSION).toBe(`libphonenumber-js@${pkg.version}`);
  });
});
