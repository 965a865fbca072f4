import {
  type PhoneRecord,
  type RegistryPhoneType,
  SOURCE_SYSTEMS,
  type SourceSystem,
} from '../registry/phone-record.js';

/** Settings of the synthetic registry used by the engine's tests and benchmark. */
export interface SyntheticRegistryOptions {
  customers: number;
  seed?: number;
  /** Share of true phones that get a corrupted duplicate record. */
  duplicateRate?: number;
  /** Share of customers with a second genuine line next to the first in the block. */
  nearNumberRate?: number;
  /** Share of customers sharing one number with an earlier customer. */
  sharedRate?: number;
}

export type SyntheticKind =
  | 'original'
  | 'substitution'
  | 'transposition'
  | 'deletion'
  | 'insertion'
  | 'legacy_plan'
  | 'country_form'
  | 'near_number'
  | 'shared_number';

/** Registry rows plus their ground truth (which rows are one phone), for evaluation only. */
export interface SyntheticRegistry {
  records: PhoneRecord[];
  /** True clusters of phone ids (one per true phone of a customer, singletons included). */
  truth: string[][];
  kinds: Map<string, SyntheticKind>;
}

const MOBILE: readonly (readonly [string, string])[] = [
  ['300', 'Tigo'],
  ['301', 'Tigo'],
  ['302', 'Tigo'],
  ['304', 'Tigo'],
  ['305', 'Tigo'],
  ['310', 'Claro'],
  ['311', 'Claro'],
  ['312', 'Claro'],
  ['313', 'Claro'],
  ['314', 'Claro'],
  ['315', 'Movistar'],
  ['316', 'Movistar'],
  ['317', 'Movistar'],
  ['318', 'Movistar'],
  ['320', 'Claro'],
  ['321', 'Claro'],
  ['322', 'Claro'],
  ['323', 'Claro'],
  ['350', 'Tigo'],
  ['351', 'Tigo'],
];
const MOBILE_CARRIER = new Map(MOBILE);
const AREAS: readonly (readonly [string, string])[] = [
  ['1', 'Bogotá'],
  ['2', 'Valle del Cauca'],
  ['4', 'Antioquia'],
  ['5', 'Atlántico'],
  ['6', 'Caldas'],
  ['7', 'Santander'],
  ['8', 'Tolima'],
];
const AREA_REGION = new Map(AREAS);
const EPOCH_2023 = Date.UTC(2023, 0, 1);

/**
 * Builds a deterministic registry of Colombian customers (mobiles, 60X fixed lines, a few
 * US numbers) with injected duplicates of every kind the engine must catch (one digit
 * wrong, adjacent swap, digit dropped or doubled, legacy fixed plan, number read under
 * another country form) and the hard negatives it must not merge (the next number in the
 * block, a number shared with another customer). Duplicates look like what a registry
 * holds after a typo: mostly seen once, from one source, unverified; validity, type,
 * carrier and region are re-derived from the corrupted digits.
 *
 * @example
 * const { records, truth } = makeSyntheticRegistry({ customers: 1000, seed: 7 });
 */
export function makeSyntheticRegistry(options: SyntheticRegistryOptions): SyntheticRegistry {
  const rnd = mulberry32(options.seed ?? 1);
  const int = (n: number): number => Math.floor(rnd() * n);
  const chance = (p: number): boolean => rnd() < p;
  const digits = (n: number): string => {
    let s = '';
    for (let i = 0; i < n; i++) s += String(int(10));
    return s;
  };
  const duplicateRate = options.duplicateRate ?? 0.25;
  const nearRate = options.nearNumberRate ?? 0.06;
  const sharedRate = options.sharedRate ?? 0.02;
  const records: PhoneRecord[] = [];
  const truth: string[][] = [];
  const kinds = new Map<string, SyntheticKind>();
  const sharedPool: string[] = [];
  let nextId = 1;

  const makeRecord = (customer: string, e164: string, strong: boolean): PhoneRecord => {
    const d = describe(e164);
    const timesSeen = strong ? pickSeen(rnd) : chance(0.92) ? 1 : 2;
    const sources: SourceSystem[] = [];
    const pool = strong ? [...SOURCE_SYSTEMS] : ['web_forms', 'mobile_app', 'manual_upload', 'call_center'];
    while (sources.length < Math.min(timesSeen, 3)) {
      const s = pool[int(pool.length)] as SourceSystem;
      if (!sources.includes(s)) sources.push(s);
    }
    sources.sort((a, b) => SOURCE_SYSTEMS.indexOf(a) - SOURCE_SYSTEMS.indexOf(b));
    const updated = new Date(EPOCH_2023 + int(3 * 365) * 86_400_000 + int(86_400_000));
    return {
      phone_id: `P${String(nextId++).padStart(8, '0')}`,
      customer_id: customer,
      phone_number: e164,
      phone_type: d.type,
      country_code: d.country,
      carrier: d.carrier,
      region: d.region,
      timezone: d.country === 'CO' ? 'America/Bogota' : null,
      is_valid: d.valid,
      is_primary: false,
      is_verified: strong ? chance(0.35) : d.valid && chance(0.03),
      verification_method: null,
      confidence_score: d.valid ? 0.9 : 0.3,
      source_system: sources[0] as SourceSystem,
      sources,
      times_seen: timesSeen,
      issues: d.valid ? [] : ['INVALID_FOR_REGION'],
      merged_into: null,
      created_at: updated,
      updated_at: updated,
      deleted_at: null,
    };
  };

  for (let c = 0; c < options.customers; c++) {
    const customer = `C${String(c + 1).padStart(7, '0')}`;
    const phones = 1 + weightedIndex(rnd, [45, 30, 15, 10]);
    const trueNumbers: { e164: string; kind: SyntheticKind }[] = [];
    for (let k = 0; k < phones; k++) {
      const roll = rnd();
      let e164: string;
      if (roll < 0.7) e164 = `+57${(MOBILE[int(MOBILE.length)] as readonly string[])[0]}${digits(7)}`;
      else if (roll < 0.95)
        e164 = `+5760${(AREAS[int(AREAS.length)] as readonly string[])[0]}${2 + int(7)}${digits(6)}`;
      else e164 = `+1${2 + int(8)}${digits(2)}${2 + int(8)}${digits(6)}`;
      trueNumbers.push({ e164, kind: 'original' });
    }
    if (chance(nearRate)) {
      const base = (trueNumbers[0] as { e164: string }).e164;
      const tail = Number(base.slice(-4));
      const next = tail === 9999 ? tail - 1 : tail + 1;
      if (next <= 9999)
        trueNumbers.push({ e164: base.slice(0, -4) + String(next).padStart(4, '0'), kind: 'near_number' });
    }
    if (sharedPool.length && chance(sharedRate)) {
      trueNumbers.push({ e164: sharedPool[int(sharedPool.length)] as string, kind: 'shared_number' });
    }
    const used = new Set<string>();
    for (const { e164, kind: trueKind } of trueNumbers) {
      if (used.has(e164)) continue;
      used.add(e164);
      const original = makeRecord(customer, e164, true);
      // A genuine second line is as well supported as the first.
      if (trueKind === 'near_number') original.times_seen = Math.max(2, original.times_seen);
      if (trueKind === 'original' && chance(0.05)) sharedPool.push(e164);
      records.push(original);
      kinds.set(original.phone_id, trueKind);
      const cluster = [original.phone_id];
      let dups = chance(duplicateRate) ? (chance(0.1) ? 2 : 1) : 0;
      while (dups-- > 0) {
        const { kind, e164: typo } = corrupt(e164, rnd);
        if (used.has(typo)) continue;
        used.add(typo);
        const dup = makeRecord(customer, typo, false);
        records.push(dup);
        kinds.set(dup.phone_id, kind);
        cluster.push(dup.phone_id);
      }
      truth.push(cluster);
    }
  }
  return { records, truth, kinds };
}

function corrupt(e164: string, rnd: () => number): { kind: SyntheticKind; e164: string } {
  const int = (n: number): number => Math.floor(rnd() * n);
  const cc = e164.startsWith('+57') ? '57' : '1';
  const nsn = e164.slice(1 + cc.length);
  const fixedCo = cc === '57' && nsn.startsWith('60');
  const kind = (
    [
      'substitution',
      'substitution',
      'substitution',
      'transposition',
      'transposition',
      'deletion',
      'insertion',
      'legacy_plan',
      'country_form',
    ] as const
  )[int(9)] as SyntheticKind;
  const pos = 3 + int(nsn.length - 3);
  switch (kind) {
    case 'transposition': {
      const p = Math.min(pos, nsn.length - 2);
      if (nsn[p] === nsn[p + 1]) return corrupt(e164, rnd);
      return { kind, e164: `+${cc}${nsn.slice(0, p)}${nsn[p + 1]}${nsn[p]}${nsn.slice(p + 2)}` };
    }
    case 'deletion':
      return { kind, e164: `+${cc}${nsn.slice(0, pos)}${nsn.slice(pos + 1)}` };
    case 'insertion':
      return { kind, e164: `+${cc}${nsn.slice(0, pos)}${nsn[pos]}${nsn.slice(pos)}` };
    case 'legacy_plan':
      if (fixedCo) return { kind, e164: `+57${nsn.slice(2)}` };
      return corrupt(e164, rnd);
    case 'country_form':
      return { kind, e164: cc === '57' ? (rnd() < 0.5 ? `+1${nsn}` : `+5757${nsn}`) : `+57${nsn}` };
    default: {
      const d = (Number(nsn[pos]) + 1 + int(9)) % 10;
      return { kind: 'substitution', e164: `+${cc}${nsn.slice(0, pos)}${d}${nsn.slice(pos + 1)}` };
    }
  }
}

function describe(e164: string): {
  type: RegistryPhoneType;
  country: string | null;
  carrier: string | null;
  region: string | null;
  valid: boolean;
} {
  if (e164.startsWith('+57')) {
    const nsn = e164.slice(3);
    const carrier = nsn.length === 10 ? MOBILE_CARRIER.get(nsn.slice(0, 3)) : undefined;
    if (carrier) return { type: 'mobile', country: 'CO', carrier, region: null, valid: true };
    const region = nsn.length === 10 && nsn.startsWith('60') ? AREA_REGION.get(nsn[2] as string) : undefined;
    if (region && /^[2-8]$/.test(nsn[3] as string))
      return { type: 'fixed', country: 'CO', carrier: null, region, valid: true };
    return { type: 'unknown', country: 'CO', carrier: null, region: null, valid: false };
  }
  const nsn = e164.slice(2);
  const valid = nsn.length === 10 && /^[2-9]\d\d[2-9]/.test(nsn);
  return {
    type: valid ? 'fixed_or_mobile' : 'unknown',
    country: 'US',
    carrier: null,
    region: valid ? 'US' : null,
    valid,
  };
}

function pickSeen(rnd: () => number): number {
  const r = rnd();
  return r < 0.35 ? 1 : r < 0.6 ? 2 : 3 + Math.floor(rnd() * 6);
}

function weightedIndex(rnd: () => number, weights: number[]): number {
  let r = rnd() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i] as number;
    if (r < 0) return i;
  }
  return weights.length - 1;
}

// Small seeded PRNG: tests and benchmarks need the same registry on every run.
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
