import {
  type CountryCode,
  isSupportedCountry,
  Metadata,
  ParseError,
  type PhoneNumber,
  parsePhoneNumberWithError,
  validatePhoneNumberLength,
} from 'libphonenumber-js/max';
import { CO_INDICATIVES } from './colombia-plan.js';
import { confidenceScore } from './confidence-score.js';
import { detectFakePattern } from './detect-fake-pattern.js';
import type { NormalizeOptions, PhoneEnricher, PhoneIssue, PhoneResult, PhoneType } from './phone-result.js';
import { type PhonePiece, readPhoneText } from './read-phone-text.js';
import { resolveAreaHint } from './resolve-area-hint.js';

/**
 * The libphonenumber-js release whose `max` metadata produces every verdict. A test keeps it
 * equal to the installed package; the enriched engine appends its geo/carrier data version.
 *
 * @example
 * METADATA_VERSION // 'libphonenumber-js@1.13.16'
 */
export const METADATA_VERSION = 'libphonenumber-js@1.13.16';

/** Longer input is cut here (and flagged): no phone field is longer, and time stays bounded. */
export const MAX_INPUT_LENGTH = 256;

const TYPE_MAP: Readonly<Record<string, PhoneType>> = {
  MOBILE: 'mobile',
  FIXED_LINE: 'fixed',
  FIXED_LINE_OR_MOBILE: 'fixed_or_mobile',
  TOLL_FREE: 'toll_free',
  PREMIUM_RATE: 'premium_rate',
  SHARED_COST: 'shared_cost',
  VOIP: 'voip',
  PERSONAL_NUMBER: 'personal',
  PAGER: 'pager',
  UAN: 'uan',
  VOICEMAIL: 'voicemail',
};
const CARRIER_TYPES = new Set<PhoneType>(['mobile', 'fixed_or_mobile', 'pager']);
const E164 = /^\+[1-9]\d{1,14}$/;
const OLD_INDICATORS = '1245678';
/** Colombia's international prefix: `00` plus a long-distance carrier code. */
const CO_CARRIER_PREFIX = /^00(?:414|456|444|[579])/;

/** What the numbering logic decided for one piece, before enrichment and scoring. */
interface Verdict {
  number: string | null;
  cc: string | null;
  nsn: string | null;
  country: string | null;
  type: PhoneType;
  valid: boolean;
  issues: PhoneIssue[];
}

interface Context {
  country: CountryCode | undefined;
  areaHint: string | undefined;
}

const countryCache = new Map<string, CountryCode | undefined>();
function supportedCountry(code: string): CountryCode | undefined {
  let hit = countryCache.get(code);
  if (hit === undefined && !countryCache.has(code)) {
    const upper = code.toUpperCase();
    hit = isSupportedCountry(upper) ? (upper as CountryCode) : undefined;
    if (countryCache.size < 1000) countryCache.set(code, hit);
  }
  return hit;
}

// `getCountryCodeForCallingCode` exists on Metadata at runtime but is missing from its types.
const metadata = new Metadata() as Metadata & {
  getCountryCodeForCallingCode(cc: string): string | undefined;
};
const mainCountries = new Map<string, string | null>();
/** The main country of a calling code (`1` → US, `44` → GB), for numbers too invalid to place. */
function mainCountry(cc: string): string | null {
  let hit = mainCountries.get(cc);
  if (hit === undefined) {
    const code = metadata.getCountryCodeForCallingCode(cc);
    hit = code && code !== '001' ? code : null;
    mainCountries.set(cc, hit);
  }
  return hit;
}

let lastEnricher: PhoneEnricher | undefined;
let lastVersion = METADATA_VERSION;
function metadataVersion(enricher: PhoneEnricher | undefined): string {
  if (!enricher) return METADATA_VERSION;
  if (enricher !== lastEnricher) {
    lastEnricher = enricher;
    lastVersion = `${METADATA_VERSION}+${enricher.dataVersion}`;
  }
  return lastVersion;
}

/**
 * Normalizes one raw phone value to E.164 with its verdict: country, type, validity, carrier,
 * region and time zone (when `options.enricher` is given; `createPhoneEngine()` in
 * src/enrich binds one), extension, confidence and issue codes. Never throws; time is
 * bounded for any input. docs/phone-engine.md lists every rule and issue code.
 *
 * @example
 * normalizePhone('cel: 300 123 4567 ext. 12').normalized // '+573001234567' (extension '12')
 */
export function normalizePhone(raw: string, options: NormalizeOptions = {}): PhoneResult {
  let original: string;
  try {
    original = typeof raw === 'string' ? raw : raw == null ? '' : String(raw);
  } catch {
    original = '';
  }
  const enricher = options.enricher;
  try {
    return normalizeText(original, options, enricher, true);
  } catch {
    // A bug must not stop a batch: report the value as unreadable instead of throwing.
    return finish(original, emptyVerdict(['NOT_A_NUMBER']), null, enricher);
  }
}

function normalizeText(
  original: string,
  options: NormalizeOptions,
  enricher: PhoneEnricher | undefined,
  allowSplit: boolean,
): PhoneResult {
  const issues: PhoneIssue[] = [];
  const country = supportedCountry(options.defaultCountry ?? 'CO');
  if (country === undefined) issues.push('INVALID_COUNTRY');
  const ctx: Context = { country, areaHint: options.areaHint };
  let text = original;
  if (text.length > MAX_INPUT_LENGTH) {
    text = text.slice(0, MAX_INPUT_LENGTH);
    issues.push('INPUT_TRUNCATED');
  }
  // Fast path: a clean E.164 or digit string needs no cleaning at all.
  if (isPlainDigits(text)) {
    const plus = text.charCodeAt(0) === 43;
    const digits = plus ? text.slice(1) : text;
    const verdict = resolveDigits(digits, plus, null, ctx);
    if (issues.length) verdict.issues.unshift(...issues);
    return finish(original, verdict, null, enricher);
  }
  const read = readPhoneText(text);
  if (!read.ok) return finish(original, emptyVerdict([...issues, ...read.issues]), null, enricher);
  for (const issue of read.issues) issues.push(issue);
  const pieces = read.pieces;
  const first = pieces[0] as PhonePiece;
  const verdict = resolvePiece(first, ctx);
  verdict.issues = mergeIssues(issues, verdict.issues);
  const result = finish(original, verdict, first.extension, enricher);
  if (pieces.length > 1 && allowSplit) {
    const others: PhoneResult[] = [];
    for (let i = 1; i < pieces.length; i++) {
      const piece = pieces[i] as PhonePiece;
      const other = resolvePiece(piece, ctx);
      other.issues = mergeIssues(['MULTIPLE_NUMBERS'], other.issues);
      others.push(finish(original, other, piece.extension, enricher));
    }
    result.others = others;
  }
  return result;
}

function mergeIssues(head: PhoneIssue[], tail: PhoneIssue[]): PhoneIssue[] {
  if (!head.length) return tail;
  const out = [...head];
  for (const issue of tail) if (!out.includes(issue)) out.push(issue);
  return out;
}

function isPlainDigits(text: string): boolean {
  const n = text.length;
  if (n === 0 || n > 17) return false;
  let i = text.charCodeAt(0) === 43 ? 1 : 0;
  if (i === n) return false;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  // All-zero strings are "no value" markers; let the reader name them.
  return !/^\+?0{1,3}$/.test(text);
}

function emptyVerdict(issues: PhoneIssue[]): Verdict {
  return { number: null, cc: null, nsn: null, country: null, type: 'unknown', valid: false, issues };
}

function finish(
  original: string,
  v: Verdict,
  extension: string | null,
  enricher: PhoneEnricher | undefined,
): PhoneResult {
  let carrier: string | null = null;
  let region: string | null = null;
  let timezone: string | null = null;
  if (v.valid && v.cc !== null && v.nsn !== null) {
    if (detectFakePattern(v.cc, v.nsn)) v.issues.push('FAKE_PATTERN');
    if (enricher) {
      if (CARRIER_TYPES.has(v.type)) carrier = enricher.carrierOf(v.cc, v.nsn);
      region = enricher.regionOf(v.cc, v.nsn);
      timezone = enricher.timezoneOf(v.cc, v.nsn);
    }
    if (region === null && v.cc === '57' && v.type === 'fixed' && v.nsn.startsWith('60')) {
      region = CO_INDICATIVES[v.nsn.charAt(2)]?.region ?? null;
    }
  } else if (v.cc !== null && v.nsn !== null && detectFakePattern(v.cc, v.nsn)) {
    v.issues.push('FAKE_PATTERN');
  }
  const result: PhoneResult = {
    original,
    normalized: v.number,
    country_code: v.country,
    type: v.type,
    is_valid: v.valid,
    carrier,
    region,
    timezone,
    extension,
    confidence_score: 0,
    issues: v.issues,
    metadata_version: metadataVersion(enricher),
  };
  result.confidence_score = confidenceScore(result);
  return result;
}

function parse(text: string, country: CountryCode | undefined): PhoneNumber | undefined {
  const read = parseOrReason(text, country);
  return typeof read === 'string' ? undefined : read;
}

/**
 * The parsed number, or libphonenumber-js's reason (`TOO_SHORT`, `INVALID_COUNTRY`, …) when
 * it reads none: one parse, where asking `validatePhoneNumberLength` afterwards parses (and
 * throws) a second time. Only digit strings come here, which parse the same with or without
 * extraction, so the reason is the one `validatePhoneNumberLength` would give.
 */
function parseOrReason(text: string, country: CountryCode | undefined): PhoneNumber | string {
  try {
    return parsePhoneNumberWithError(text, country);
  } catch (error) {
    if (error instanceof ParseError) return error.message;
    throw error;
  }
}

/**
 * A national prefix left in the national number (`+5701…`, `+4900…`) makes an E.164 that
 * reads differently the second time; only numbers starting like a national prefix can.
 */
function isStable(number: string, nsn: string): boolean {
  const first = nsn.charCodeAt(0);
  if (first !== 48 && first !== 49 && first !== 56) return true;
  return parse(number, undefined)?.number === number;
}

/** Type of a parsed number as libphonenumber-js names it; undefined when invalid. */
type LpType = ReturnType<PhoneNumber['getType']>;

function fromParsed(pn: PhoneNumber, issues: PhoneIssue[], asked = false, knownType?: LpType): Verdict {
  // When the caller already asked for the type, reuse it: matching is the costly part.
  const lpType = asked ? knownType : pn.getType();
  // With `max` metadata isValid() is exactly "getType() is defined": one match instead of two.
  // E.164 caps a number at 15 digits even where a plan's patterns allow more.
  const valid = lpType !== undefined && (pn.number as string).length <= 16;
  const cc = pn.countryCallingCode as string;
  const nsn = pn.nationalNumber as string;
  const number = pn.number as string;
  if (!valid) {
    const problem = lengthProblemOf(pn);
    issues.push(problem);
    const readable = problem === 'INVALID_FOR_REGION' || problem === 'INVALID_LENGTH';
    return {
      // Only a stable reading is worth keeping: a national prefix left inside (`+5701…`) is not.
      number: readable && E164.test(number) && isStable(number, nsn) ? number : null,
      cc,
      nsn,
      country: pn.country ?? mainCountry(cc),
      type: 'unknown',
      valid: false,
      issues,
    };
  }
  return { number, cc, nsn, country: pn.country ?? null, type: TYPE_MAP[lpType] ?? 'unknown', valid, issues };
}

function lengthProblemOf(pn: PhoneNumber): PhoneIssue {
  // A possible length means the range is the problem; only otherwise re-parse for the reason.
  return pn.isPossible() ? 'INVALID_FOR_REGION' : lengthProblem(pn.number as string);
}

function lengthProblem(e164: string): PhoneIssue {
  return lengthIssue(validatePhoneNumberLength(e164));
}

function lengthIssue(problem: string | undefined): PhoneIssue {
  switch (problem) {
    case 'TOO_SHORT':
    case 'TOO_LONG':
    case 'INVALID_LENGTH':
    case 'INVALID_COUNTRY':
    case 'NOT_A_NUMBER':
      return problem;
    default:
      return 'INVALID_FOR_REGION';
  }
}

function resolvePiece(piece: PhonePiece, ctx: Context): Verdict {
  const verdict = resolveDigits(piece.digits, piece.hasPlus, piece.breaks, ctx);
  if (piece.vanityDigits !== null) {
    if (!verdict.valid) {
      const vanity = resolveDigits(piece.vanityDigits, piece.hasPlus, null, ctx);
      if (vanity.valid) {
        vanity.issues.unshift(...piece.issues, 'VANITY_LETTERS_CONVERTED');
        return vanity;
      }
    }
    if (!piece.issues.includes('LABEL_REMOVED')) piece.issues.push('LABEL_REMOVED');
  }
  if (piece.issues.length) verdict.issues = mergeIssues(piece.issues, verdict.issues);
  return verdict;
}

function resolveDigits(digits: string, hasPlus: boolean, breaks: boolean[] | null, ctx: Context): Verdict {
  if (digits.length === 0) return emptyVerdict(['NOT_A_NUMBER']);
  if (digits.length > 17) return emptyVerdict(['TOO_LONG']);
  if (hasPlus) {
    // `+` and one unbroken run of digits is E.164 as this engine writes it: a valid `+5746…`
    // so written is the current range, so that normalizing an output gives it back unchanged.
    const e164 = breaks === null || !breaks.includes(true);
    return resolveInternational(digits, breaks, digits.length, [], e164);
  }
  const country = ctx.country;
  if (country === undefined) return emptyVerdict(['INVALID_COUNTRY']);
  if (country === 'CO' && digits.charCodeAt(0) === 48 && digits.charCodeAt(1) === 48) {
    const dialled = resolveColombianDialPrefix(digits, breaks);
    if (dialled) return dialled;
  }
  const pn = parseOrReason(digits, country);
  if (typeof pn === 'string') return emptyVerdict([nationalProblem(pn)]);
  const cc = pn.countryCallingCode as string;
  const lpType = pn.getType();
  if (cc === '57') {
    const valid = lpType !== undefined;
    const legacy = resolveColombianLegacy(digits, breaks, ctx, valid);
    if (legacy) return legacy;
    const nsn = pn.nationalNumber as string;
    const migrated = migrateLegacy(nsn, breaks, digits.length - nsn.length, valid);
    if (migrated) return migrated;
  }
  if (lpType === undefined && digits.length >= 11) {
    // An international number written without its plus (`14155552671` in a Colombian file):
    // only longer than any national number of the default country, and only if valid.
    const intl = resolveInternational(digits, null, digits.length, []);
    if (intl.valid) {
      intl.issues.push('COUNTRY_CODE_WITHOUT_PLUS');
      return intl;
    }
  }
  const verdict = fromParsed(pn, [], true, lpType);
  if (verdict.valid) {
    const nsn = verdict.nsn as string;
    if (digits.length > nsn.length) {
      if (digits.startsWith(cc) && digits.slice(cc.length) === nsn)
        verdict.issues.push('COUNTRY_CODE_WITHOUT_PLUS');
      else if (pn.carrierCode) verdict.issues.push('CARRIER_PREFIX_REMOVED');
      else verdict.issues.push('NATIONAL_PREFIX_REMOVED');
    }
    return verdict;
  }
  return verdict;
}

function nationalProblem(problem: string): PhoneIssue {
  return problem === 'TOO_SHORT' || problem === 'TOO_LONG' || problem === 'INVALID_COUNTRY'
    ? problem
    : 'NOT_A_NUMBER';
}

/** `+…` numbers; `+57` ones get the legacy fixed-plan check. `offset` aligns `breaks`. */
function resolveInternational(
  digits: string,
  breaks: boolean[] | null,
  writtenLength: number,
  issues: PhoneIssue[],
  e164 = false,
): Verdict {
  const pn = parseOrReason(`+${digits}`, undefined);
  if (typeof pn === 'string') return emptyVerdict([...issues, lengthIssue(pn)]);
  const lpType = pn.getType();
  if (pn.countryCallingCode === '57') {
    const nsn = pn.nationalNumber as string;
    const migrated = migrateLegacy(nsn, breaks, writtenLength - nsn.length, lpType !== undefined, e164);
    if (migrated) {
      migrated.issues.unshift(...issues);
      return migrated;
    }
  }
  return fromParsed(pn, issues, true, lpType);
}

/** `0057…`, `009 57…`, `00414 1…`, `0034 …` written in a Colombian file. */
function resolveColombianDialPrefix(digits: string, breaks: boolean[] | null): Verdict | null {
  if (digits.startsWith('0057')) {
    // People write 0057 meaning +57; strictly it is carrier 005 dialling +7 (Russia).
    const co = resolveInternational(digits.slice(2), shift(breaks, 2), digits.length - 2, []);
    if (co.valid) {
      co.issues.unshift('INTERNATIONAL_PREFIX_0057');
      return co;
    }
  }
  const carrier = CO_CARRIER_PREFIX.exec(digits);
  if (carrier) {
    const n = carrier[0].length;
    const v = resolveInternational(digits.slice(n), shift(breaks, n), digits.length - n, []);
    if (v.valid) {
      v.issues.unshift('CARRIER_PREFIX_REMOVED');
      return v;
    }
  }
  const plain = resolveInternational(digits.slice(2), shift(breaks, 2), digits.length - 2, []);
  if (plain.valid) {
    plain.issues.unshift('INTERNATIONAL_PREFIX_REMOVED');
    return plain;
  }
  return null;
}

function shift(breaks: boolean[] | null, n: number): boolean[] | null {
  return breaks ? breaks.slice(n) : null;
}

/**
 * Colombian national digits that the current plan rejects (or reads in the colliding `46…`
 * range): old-plan fixed numbers with or without their trunk/carrier prefix, and bare 7-digit
 * subscribers (no area: flagged, migrated only with an area hint).
 */
function resolveColombianLegacy(
  digits: string,
  breaks: boolean[] | null,
  ctx: Context,
  currentValid: boolean,
): Verdict | null {
  const n = digits.length;
  let nsn: string | null = null;
  const issues: PhoneIssue[] = [];
  if (n === 8) nsn = digits;
  else if (n === 9 && digits[0] === '0') {
    nsn = digits.slice(1);
    issues.push('NATIONAL_PREFIX_REMOVED');
  } else if (n === 10 && /^0[3579]/.test(digits)) {
    nsn = digits.slice(2);
    issues.push('CARRIER_PREFIX_REMOVED');
  } else if (n === 12 && /^04(?:14|56|44)/.test(digits)) {
    nsn = digits.slice(4);
    issues.push('CARRIER_PREFIX_REMOVED');
  } else if (n === 10 && digits.startsWith('57') && OLD_INDICATORS.includes(digits.charAt(2))) {
    nsn = digits.slice(2);
    issues.push('COUNTRY_CODE_WITHOUT_PLUS');
  }
  if (nsn !== null) {
    const migrated = migrateLegacy(nsn, breaks, n - 8, currentValid);
    if (migrated) {
      migrated.issues.unshift(...issues);
      return migrated;
    }
    return null;
  }
  if (n === 7 || (n === 8 && digits[0] === '0')) {
    const subscriber = digits.slice(-7);
    const indicative = resolveAreaHint(ctx.areaHint);
    if (indicative) {
      const hinted = parse(`+57${indicative}${subscriber}`, undefined);
      if (hinted) {
        const v = fromParsed(hinted, ['NO_AREA_CODE', 'AREA_HINT_APPLIED']);
        if (v.valid) return v;
      }
    }
    const v = emptyVerdict(['NO_AREA_CODE']);
    v.country = 'CO';
    return v;
  }
  return null;
}

/**
 * `N` + 7 digits of the old plan → `60N` + 7 digits. A valid `46xxxxxx` is kept only when
 * written the way that range is (`4612 3456`) or as E.164 in one run (`+5746123456`, the
 * engine's own output for it); `(4) 6123456`, `+57 4 6123456` or bare `46123456` migrate.
 */
function migrateLegacy(
  nsn: string,
  breaks: boolean[] | null,
  offset: number,
  currentValid: boolean,
  e164 = false,
): Verdict | null {
  if (nsn.length !== 8 || !OLD_INDICATORS.includes(nsn.charAt(0))) return null;
  const kept46 = nsn.startsWith('46') && (e164 || writtenAs46Range(breaks, offset));
  if (currentValid && (!nsn.startsWith('46') || kept46)) return null;
  const pn = parse(`+5760${nsn}`, undefined);
  const lpType = pn?.getType();
  if (!pn || lpType === undefined) return null;
  const v = fromParsed(pn, ['LEGACY_FIXED_MIGRATED'], true, lpType);
  return v.valid ? v : null;
}

function writtenAs46Range(breaks: boolean[] | null, offset: number): boolean {
  if (!breaks || offset < 0 || breaks.length < offset + 8) return false;
  if (!breaks[offset]) return false;
  for (let i = offset + 1; i < offset + 8; i++) if (breaks[i] && i !== offset + 4) return false;
  return breaks[offset + 4] === true;
}
