import type { Rng } from './create-rng.js';

/** A real phone as the generator thinks of it, before anyone writes it down. */
export interface TruePhone {
  category: 'co_mobile' | 'co_fixed' | 'intl';
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** Country calling code without `+`. */
  callingCode: string;
  /** National significant number (digits only). */
  national: string;
  /** How people group the national digits (the last group takes any rest). */
  groups: readonly number[];
  e164: string;
}

// Colombian mobile ranges allocated to operators (Claro 310-314 and 320-323, Movistar
// 315-318, Tigo 300-305 and 350-351, WOM 324/333 sub-ranges); all valid in libphonenumber
// `max` metadata (3(0[0-5]|1\d|2[0-3]|5[01])\d{7}, 324[1-9]\d{6}, 333[0-24-9]\d{6}).
const CO_MOBILE_PREFIXES: readonly (readonly [string, number])[] = [
  ['300', 6],
  ['301', 5],
  ['302', 3],
  ['304', 3],
  ['305', 3],
  ['310', 7],
  ['311', 6],
  ['312', 6],
  ['313', 6],
  ['314', 6],
  ['315', 6],
  ['316', 6],
  ['317', 5],
  ['318', 5],
  ['319', 2],
  ['320', 5],
  ['321', 5],
  ['322', 3],
  ['323', 2],
  ['350', 3],
  ['351', 2],
  ['324', 2],
  ['333', 2],
];

// 10-digit fixed plan since 2021-09-01: 60X + 7-digit subscriber; X is the old area
// indicator. Weighted roughly by population (Bogotá, Antioquia, Valle, coast, ...).
const CO_FIXED_AREAS: readonly (readonly [string, number])[] = [
  ['1', 40],
  ['4', 18],
  ['2', 15],
  ['5', 12],
  ['6', 6],
  ['7', 6],
  ['8', 3],
];

interface CountryPlan {
  country: string;
  callingCode: string;
  groups: readonly number[];
  /** Returns a valid national mobile (or fixed-or-mobile) number. */
  draw(rng: Rng): string;
}

const digits = (rng: Rng, n: number): string => {
  let out = '';
  for (let i = 0; i < n; i++) out += String(rng.int(10));
  return out;
};
const digitFrom = (rng: Rng, from: number, to: number): string => String(from + rng.int(to - from + 1));

// Mobile ranges per country, checked against libphonenumber `max` metadata:
// US area codes in its list with exchange [2-9]; MX 55/33/81 + 8; ES 6 + 8; VE 412/414/416/424/426 + 7;
// EC 98/99 + 7; PE 9 + 8.
const INTERNATIONAL: readonly (readonly [CountryPlan, number])[] = [
  [
    {
      country: 'US',
      callingCode: '1',
      groups: [3, 3, 4],
      draw: (rng) =>
        rng.pick(['212', '305', '786', '415', '646', '718', '713', '407', '954']) +
        digitFrom(rng, 2, 9) +
        digits(rng, 6),
    },
    30,
  ],
  [
    {
      country: 'VE',
      callingCode: '58',
      groups: [3, 7],
      draw: (rng) => rng.pick(['412', '414', '416', '424', '426']) + digits(rng, 7),
    },
    25,
  ],
  [
    {
      country: 'EC',
      callingCode: '593',
      groups: [2, 3, 4],
      draw: (rng) => rng.pick(['98', '99']) + digits(rng, 7),
    },
    12,
  ],
  [
    {
      country: 'MX',
      callingCode: '52',
      groups: [2, 4, 4],
      draw: (rng) => rng.pick(['55', '33', '81']) + digits(rng, 8),
    },
    10,
  ],
  [{ country: 'ES', callingCode: '34', groups: [3, 3, 3], draw: (rng) => `6${digits(rng, 8)}` }, 10],
  [{ country: 'PE', callingCode: '51', groups: [3, 3, 3], draw: (rng) => `9${digits(rng, 8)}` }, 8],
];

function drawCoMobile(rng: Rng): string {
  const prefix = rng.weighted(CO_MOBILE_PREFIXES);
  if (prefix === '324') return `324${digitFrom(rng, 1, 9)}${digits(rng, 6)}`;
  if (prefix === '333')
    return `333${rng.pick(['0', '1', '2', '4', '5', '6', '7', '8', '9'])}${digits(rng, 6)}`;
  return prefix + digits(rng, 7);
}

/**
 * Draws one real, valid phone of the given category.
 *
 * @example
 * drawTruePhone(createRng(1), 'co_mobile').e164; // e.g. '+573154419021'
 */
export function drawTruePhone(rng: Rng, category: TruePhone['category']): TruePhone {
  if (category === 'co_mobile') {
    const national = drawCoMobile(rng);
    return {
      category,
      country: 'CO',
      callingCode: '57',
      national,
      groups: [3, 3, 4],
      e164: `+57${national}`,
    };
  }
  if (category === 'co_fixed') {
    // Subscriber numbers start 2-8 in every area, which the metadata accepts for all 60X.
    const national = `60${rng.weighted(CO_FIXED_AREAS)}${digitFrom(rng, 2, 8)}${digits(rng, 6)}`;
    return {
      category,
      country: 'CO',
      callingCode: '57',
      national,
      groups: [3, 3, 4],
      e164: `+57${national}`,
    };
  }
  const plan = rng.weighted(INTERNATIONAL);
  const national = plan.draw(rng);
  return {
    category,
    country: plan.country,
    callingCode: plan.callingCode,
    national,
    groups: plan.groups,
    e164: `+${plan.callingCode}${national}`,
  };
}
