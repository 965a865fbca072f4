// Deterministic phone inputs as real exports write them, for the differential test and the
// normalizePhone benchmark. Seeds are Google's example numbers of many countries and types,
// with their subscriber digits re-drawn; Colombian numbers follow the current and old plans.
import gpn from 'google-libphonenumber';

/** One generated raw value and the default country it is read with. */
export interface PhoneInput {
  raw: string;
  defaultCountry: string;
}

/**
 * A small, fast, seeded PRNG (mulberry32): same seed, same sequence, on every machine.
 *
 * @example
 * const next = seededRandom(42); next() // 0.6011037519201636
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const REGIONS = [
  'US',
  'CA',
  'MX',
  'ES',
  'BR',
  'AR',
  'GB',
  'DE',
  'IN',
  'FR',
  'IT',
  'PE',
  'EC',
  'VE',
  'CL',
  'PA',
  'CR',
  'DO',
  'AU',
  'JP',
  'CN',
  'RU',
  'NL',
  'CH',
  'PT',
  'ZA',
  'NG',
  'KR',
  'PH',
  'IL',
] as const;

const util = gpn.PhoneNumberUtil.getInstance();
const T = gpn.PhoneNumberType;
const TYPES = [
  T.FIXED_LINE,
  T.MOBILE,
  T.TOLL_FREE,
  T.PREMIUM_RATE,
  T.VOIP,
  T.SHARED_COST,
  T.PERSONAL_NUMBER,
  T.UAN,
];

interface Seed {
  region: string;
  cc: string;
  nsn: string;
}

let seeds: Seed[] | undefined;
function exampleSeeds(): Seed[] {
  if (seeds) return seeds;
  seeds = [];
  for (const region of ['CO', ...REGIONS]) {
    for (const type of TYPES) {
      const ex = util.getExampleNumberForType(region, type);
      if (!ex) continue;
      seeds.push({ region, cc: String(ex.getCountryCode()), nsn: util.getNationalSignificantNumber(ex) });
    }
  }
  return seeds;
}

const LABELS_BEFORE = ['cel: ', 'Cel. ', 'Tel: ', 'Teléfono: ', 'Móvil ', 'WhatsApp ', 'fijo: ', '(cel) '];
const LABELS_AFTER = [' (casa)', ' casa', ' (cel)', ' oficina', ' - trabajo', ' (mamá)', ' [fax]'];
const EXTENSIONS = [' ext. 12', ' x12', ' #12', ' ext 345', ' Ext: 7', ' extensión 101'];
const JUNK = [
  '',
  ' ',
  '   ',
  'N/A',
  'n/a',
  '#N/A',
  '-',
  '--',
  '0',
  '00',
  'null',
  'NULL',
  'none',
  'sin dato',
  'no tiene',
  '?',
  'x',
  'abc',
  'no contestar',
  '\u0000\u0001\u0002',
  '\uFFFD\uFFFD',
  'PK\u0003\u0004',
  '3.00123457E+09',
  '5.71234E+11',
  '3,1E+09',
  '1-800-FLOWERS',
  '1-800-GO-FEDEX',
  '1-800-CALL-NOW',
  '+1 800 FLOWERS',
];
const CO_MOBILE_PREFIXES = [
  '300',
  '301',
  '302',
  '304',
  '305',
  '310',
  '311',
  '312',
  '313',
  '314',
  '315',
  '316',
  '317',
  '318',
  '319',
  '320',
  '321',
  '322',
  '323',
  '324',
  '350',
  '351',
  '333',
];
const CO_FAKES = [
  '3001234567',
  '3000000000',
  '3111111111',
  '6010000000',
  '3109876543',
  '3121212121',
  '6011234567',
];
const OLD_INDICATORS = ['1', '2', '4', '5', '6', '7', '8'];

/**
 * `count` raw phone values from `seed`: valid and invalid numbers of ~30 countries and of
 * Colombia's current and pre-2021 plans, written in the forms real exports contain.
 *
 * @example
 * generatePhoneInputs(3, 7) // [{ raw: '+57 310 555 0199', defaultCountry: 'CO' }, …]
 */
export function generatePhoneInputs(count: number, seed: number): PhoneInput[] {
  const rnd = seededRandom(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)] as T;
  const digits = (n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += String(int(10));
    return s;
  };
  const all = exampleSeeds();
  const out: PhoneInput[] = [];
  for (let i = 0; i < count; i++) {
    const roll = rnd();
    if (roll < 0.03) {
      out.push({ raw: pick(JUNK), defaultCountry: 'CO' });
      continue;
    }
    if (roll < 0.5) {
      out.push({ raw: colombian(), defaultCountry: 'CO' });
      continue;
    }
    const s = pick(all);
    let nsn = s.nsn;
    const keep = Math.max(2, nsn.length - 4 - int(3));
    nsn = nsn.slice(0, keep) + digits(nsn.length - keep);
    const mutate = rnd();
    if (mutate < 0.06) nsn = nsn.slice(0, -1);
    else if (mutate < 0.12) nsn += digits(1);
    else if (mutate < 0.15) nsn = digits(3 + int(12));
    const national = rnd() < 0.35;
    const defaultCountry = national ? s.region : rnd() < 0.8 ? 'CO' : pick(REGIONS);
    out.push({ raw: decorate(write(s.cc, nsn, national ? s.region : null)), defaultCountry });
  }
  return out;

  function colombian(): string {
    const kind = rnd();
    if (kind < 0.45) {
      const n = pick(CO_MOBILE_PREFIXES) + digits(7);
      return decorate(write('57', n, rnd() < 0.6 ? 'CO' : null));
    }
    if (kind < 0.65) {
      const n = `60${pick(OLD_INDICATORS)}${2 + int(8)}${digits(6)}`;
      return decorate(write('57', n, rnd() < 0.6 ? 'CO' : null));
    }
    if (kind < 0.85) {
      const ind = pick(OLD_INDICATORS);
      const sub = `${2 + int(8)}${digits(6)}`;
      return decorate(
        pick([
          `(${ind}) ${sub.slice(0, 3)} ${sub.slice(3)}`,
          `${ind} ${sub}`,
          `${ind}${sub}`,
          `+57 ${ind} ${sub}`,
          `+57${ind}${sub}`,
          `57 ${ind} ${sub}`,
          `03${ind} ${sub}`,
          `0${ind} ${sub}`,
          `09 ${ind} ${sub}`,
          `${sub.slice(0, 3)}-${sub.slice(3)}`,
          sub,
        ]),
      );
    }
    if (kind < 0.93) {
      const n = pick(CO_MOBILE_PREFIXES) + digits(7);
      return pick([
        `0057 ${n}`,
        `0057${n}`,
        `009 57 ${n}`,
        `007 57 ${n}`,
        `005 57 ${n}`,
        `00414 57 ${n}`,
        `00456 57 ${n}`,
        `00444 57 ${n}`,
        `009 1 415 555 ${digits(4)}`,
        `0034 91 ${digits(7)}`,
      ]);
    }
    if (kind < 0.97) return decorate(pick(CO_FAKES));
    const a = pick(CO_MOBILE_PREFIXES) + digits(7);
    const b = pick(CO_MOBILE_PREFIXES) + digits(7);
    return `${group(a)}${pick([' / ', '; ', ' y ', ', ', ' - '])}${group(b)}`;
  }

  function group(n: string): string {
    return n.length === 10 ? `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}` : n;
  }

  /** The number written as E.164, international, national, digits, 00-prefixed… */
  function write(cc: string, nsn: string, nationalRegion: string | null): string {
    if (nationalRegion) {
      const form = rnd();
      if (form < 0.3) return nsn;
      try {
        const pn = util.parse(`+${cc}${nsn}`, 'ZZ');
        const formatted = util.format(pn, gpn.PhoneNumberFormat.NATIONAL);
        if (form < 0.7) return formatted;
        return formatted.replace(/ /g, pick(['-', '.', ' ', '']));
      } catch {
        return nsn;
      }
    }
    const form = rnd();
    if (form < 0.3) return `+${cc}${nsn}`;
    if (form < 0.4) return `${cc}${nsn}`;
    if (form < 0.5) return `00${cc}${nsn}`;
    if (form < 0.55) return `+${cc} (${nsn.slice(0, 3)}) ${nsn.slice(3)}`;
    try {
      const pn = util.parse(`+${cc}${nsn}`, 'ZZ');
      const formatted = util.format(pn, gpn.PhoneNumberFormat.INTERNATIONAL);
      return form < 0.85 ? formatted : formatted.replace(/ /g, '-');
    } catch {
      return `+${cc} ${nsn}`;
    }
  }

  /** What exports add around a number: labels, extensions, odd spaces and digits, quotes. */
  function decorate(raw: string): string {
    const r = rnd();
    if (r < 0.55) return raw;
    if (r < 0.61) return pick(LABELS_BEFORE) + raw;
    if (r < 0.67) return raw + pick(LABELS_AFTER);
    if (r < 0.72) return raw + pick(EXTENSIONS);
    if (r < 0.76) return raw.replace(/ /g, '\u00a0');
    if (r < 0.79) return raw.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    if (r < 0.84) return `'${raw}`;
    if (r < 0.87) return `"${raw}"`;
    if (r < 0.9) return `  ${raw}  `;
    if (r < 0.93 && /^\+\d/.test(raw)) return `tel:${raw.replace(/ /g, '-')}`;
    if (r < 0.95 && /^\d+$/.test(raw)) return `${raw}.0`;
    if (r < 0.97) return raw.replace(/ /g, '\u2013');
    return raw;
  }
}
