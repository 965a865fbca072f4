import type { PhoneIssue } from './phone-result.js';

/** One number as written in a field, reduced to what the numbering logic needs. */
export interface PhonePiece {
  /** ASCII digits, letters and punctuation removed. */
  digits: string;
  /** A `+` (or `tel:` context) introduced the number. */
  hasPlus: boolean;
  /** `breaks[i]` is true when the writer put a separator (or nothing: start) before `digits[i]`. */
  breaks: boolean[];
  /** Digits with keypad letters converted, when letters sat inside digit groups; else null. */
  vanityDigits: string | null;
  extension: string | null;
  issues: PhoneIssue[];
}

/** What a raw field holds: the numbers in it, or why none can be read. */
export type PhoneText =
  | { ok: true; pieces: PhonePiece[]; issues: PhoneIssue[] }
  | { ok: false; issues: PhoneIssue[] };

const NON_ASCII = /[^\x20-\x7E]/;
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63]/g;
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
const UNICODE_DIGIT = /\p{Nd}/gu;
const QUOTES = '\'"`´‘’“”';
const QUOTES_START = /^['"`´‘’“”]+/;
const QUOTES_END = /['"`´‘’“”]+$/;
const NONZERO_DIGIT = /[1-9]/;
const NO_VALUE_STRIP = /[\s./\\\-_*?#()[\]:]/g;
/** Values people type when there is no number. Compared lower-case, punctuation removed. */
const NO_VALUE = new Set([
  '',
  'na',
  'nan',
  'nd',
  'null',
  'none',
  'nil',
  'undefined',
  'unknown',
  'ninguno',
  'ninguna',
  'notiene',
  'noaplica',
  'noregistra',
  'sindato',
  'sindatos',
  'sininfo',
  'sininformacion',
  'sininformación',
  'sinnumero',
  'sinnúmero',
  'sintelefono',
  'sinteléfono',
  'desconocido',
  'x',
  'xx',
  'xxx',
  '0',
  '00',
  '000',
]);
const EXCEL_SCIENTIFIC = /^[+-]?\d{1,3}(?:[.,]\d+)?\s*e\s*\+?\d{1,3}$/i;
const EXCEL_FLOAT = /^(\+?\d{7,17})[.,]0+$/;
const URI_SCHEME = /^(?:tel|callto|sips?|whatsapp|wa):\/{0,2}/i;
/**
 * Where one number ends and another starts. A candidate split is kept only when both sides
 * hold at least 7 digits, so `300/123/4567` and `…4567, ext 12` stay whole.
 */
const SPLIT = /(\s*(?:[;|\n\r\t]|\/{1,2}|,|\s+(?:y|o|ó|or|and|u|e)\s+|\s+[-–]\s+)\s*)/i;
const TRAILING_BRACKET = /\s*[([{]([^()[\]{}]*)[)\]}][\s.,;:]*$/;
const LEADING_BRACKET = /^[([{]([^()[\]{}\d]*\p{L}[^()[\]{}\d]*)[)\]}][\s.,;:\-=#]*/u;
const EXTENSION =
  /(?:^|(?<=[\d\s,;).-]))(?:ext(?:ension|ensi[oó]n|n)?|anexo|interno|int|x|#)\s*[.:=#]?\s*(\d{1,7})[\s.]*$/i;
const TRAILING_WORDS = /[\s:,;(]+[\p{L}\p{M}][\p{L}\p{M}\s.:'\-/]*$/u;
const LEADING_WORDS = /^[\p{L}\p{M}][\p{L}\p{M}\s.'/]*?[\s.:=#-]*(?=[+(\d])/u;
const KEYPAD: Record<string, string> = {
  a: '2',
  b: '2',
  c: '2',
  d: '3',
  e: '3',
  f: '3',
  g: '4',
  h: '4',
  i: '4',
  j: '5',
  k: '5',
  l: '5',
  m: '6',
  n: '6',
  o: '6',
  p: '7',
  q: '7',
  r: '7',
  s: '7',
  t: '8',
  u: '8',
  v: '8',
  w: '9',
  x: '9',
  y: '9',
  z: '9',
};

/**
 * Reads a raw phone field the way real exports write it: trims quotes and the Excel
 * apostrophe, folds Unicode (full-width digits, NBSP, dashes), reads `tel:` URIs, removes
 * labels and extensions, splits two numbers in one field, and spots values that are no
 * number at all (empty, `N/A`, binary junk, Excel scientific notation). Hand-written because
 * libphonenumber's own extraction reads labels as keypad letters and `0057` as Russia.
 *
 * @example
 * readPhoneText('cel: 300 123 4567 ext. 12') // { ok: true, pieces: [{ digits: '3001234567', extension: '12', … }], … }
 */
export function readPhoneText(input: string): PhoneText {
  // Fast path: digits and ordinary separators only (`(310) 555-1234`, `+57 310 555 1234`).
  // No label, extension, Unicode or second number can hide there, so no regex needs to run.
  if (isPlainlyFormatted(input)) {
    return { ok: true, pieces: [scanPiece(input, null, [])], issues: [] };
  }
  const issues: PhoneIssue[] = [];
  if (hasBinary(input)) return { ok: false, issues: ['BINARY_DATA', 'NOT_A_NUMBER'] };
  let text = input;
  if (NON_ASCII.test(text)) {
    const folded = foldUnicode(text);
    if (folded.trim() !== text.trim()) issues.push('FORMAT_CLEANED');
    text = folded;
  }
  text = text.trim();
  if (QUOTES.includes(text.charAt(0)) || QUOTES.includes(text.charAt(text.length - 1))) {
    const unquoted = text.replace(QUOTES_START, '').replace(QUOTES_END, '').trim();
    if (unquoted !== text) {
      addIssue(issues, 'FORMAT_CLEANED');
      text = unquoted;
    }
  }
  // A digit 1–9 survives the stripping, and no "no value" word holds one.
  if (!NONZERO_DIGIT.test(text) && NO_VALUE.has(text.toLowerCase().replace(NO_VALUE_STRIP, '')))
    return { ok: false, issues: ['EMPTY'] };
  if (EXCEL_SCIENTIFIC.test(text)) return { ok: false, issues: ['EXCEL_SCIENTIFIC_NOTATION'] };
  const float = EXCEL_FLOAT.exec(text);
  if (float) {
    addIssue(issues, 'FORMAT_CLEANED');
    text = float[1] as string;
  }
  let uriExtension: string | null = null;
  let uriContext = '';
  const scheme = URI_SCHEME.exec(text);
  if (scheme) {
    addIssue(issues, 'FORMAT_CLEANED');
    const [number = '', ...params] = text.slice(scheme[0].length).replace(/@.*$/, '').split(';');
    text = number.trim();
    for (const param of params) {
      const [key = '', value = ''] = param.split('=');
      if (key.trim().toLowerCase() === 'ext' && /^\d{1,7}$/.test(value.trim())) uriExtension = value.trim();
      if (key.trim().toLowerCase() === 'phone-context' && /^\+\d/.test(value.trim())) {
        uriContext = value.trim().replace(/[^\d+]/g, '');
      }
    }
    if (uriContext && !text.startsWith('+')) text = `${uriContext} ${text}`;
  }
  if (!/\d/.test(text)) return { ok: false, issues: [...issues, 'NOT_A_NUMBER'] };
  const chunks = splitNumbers(text);
  if (chunks.length > 1) issues.push('MULTIPLE_NUMBERS');
  const pieces = chunks.map((chunk) => readPiece(chunk));
  const first = pieces[0] as PhonePiece;
  if (uriExtension && !first.extension) {
    first.extension = uriExtension;
    addIssue(first.issues, 'EXTENSION_REMOVED');
  }
  return { ok: true, pieces, issues };
}

/**
 * Only digits, one leading `+`, spaces, `-`, `(`, `)` and single `.` or `/` between digits; at
 * least 7 and at most 13 digits (two numbers need 14); no `.0` float tail.
 */
function isPlainlyFormatted(text: string): boolean {
  const n = text.length;
  if (n > 40) return false;
  let digits = 0;
  let seenNonSpace = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 43) {
      if (seenNonSpace) return false;
    } else if (c === 46 || c === 47) {
      // `.`/`/` only between digits: keeps `3001234567.0` and `… / …` on the full path.
      const prev = text.charCodeAt(i - 1);
      const next = text.charCodeAt(i + 1);
      if (!(prev >= 48 && prev <= 57 && next >= 48 && next <= 57)) return false;
      if (c === 46 && i >= n - 3) return false;
    } else if (c !== 32 && c !== 45 && c !== 40 && c !== 41) return false;
    if (c !== 32) seenNonSpace = true;
  }
  return digits >= 7 && digits <= 13;
}

/** Control characters, U+FFFD or broken surrogate pairs: bytes decoded as text, not a number. */
function hasBinary(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 ? c < 9 || (c > 13 && c < 32) : c === 127 || c === 0xfffd) return true;
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
    }
  }
  return false;
}

function addIssue(issues: PhoneIssue[], issue: PhoneIssue): void {
  if (!issues.includes(issue)) issues.push(issue);
}

function foldUnicode(text: string): string {
  return text
    .normalize('NFKC')
    .replace(DASHES, '-')
    .replace(INVISIBLE, '')
    .replace(UNICODE_DIGIT, (d) => (d >= '0' && d <= '9' ? d : String(digitValue(d))));
}

/** Value of a Unicode decimal digit: Nd characters come in contiguous runs of 0–9. */
function digitValue(d: string): number {
  const cp = d.codePointAt(0) as number;
  let start = cp;
  while (start > 0 && cp - start < 60 && /\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--;
  return (cp - start) % 10;
}

function countDigits(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

function splitNumbers(text: string): string[] {
  const parts = text.split(SPLIT);
  if (parts.length === 1) return [text];
  const out: string[] = [];
  let current = parts[0] as string;
  for (let i = 1; i < parts.length; i += 2) {
    const sep = parts[i] as string;
    const next = parts[i + 1] as string;
    if (countDigits(current) >= 7 && countDigits(next) >= 7) {
      out.push(current);
      current = next;
    } else {
      current += sep + next;
    }
  }
  out.push(current);
  return out;
}

function readPiece(chunk: string): PhonePiece {
  const issues: PhoneIssue[] = [];
  let text = chunk.trim();
  let extension: string | null = null;
  // Every label, extension and bracketed note needs a letter or `#`: without one, skip them.
  if (!hasLetterOrHash(text)) return scanPiece(text, null, issues);
  // Labels and extensions may come in either order at the end: peel until nothing changes.
  for (let round = 0; round < 4; round++) {
    const before = text;
    const bracket = TRAILING_BRACKET.exec(text);
    if (bracket && /\p{L}/u.test(bracket[1] as string) && !/\d/.test(bracket[1] as string)) {
      text = text.slice(0, bracket.index).trim();
      addIssue(issues, 'LABEL_REMOVED');
    }
    const ext = extension === null ? EXTENSION.exec(text) : null;
    if (ext && countDigits(text.slice(0, ext.index)) >= 4) {
      extension = ext[1] as string;
      text = text.slice(0, ext.index).replace(/[\s,;.-]+$/, '');
      addIssue(issues, 'EXTENSION_REMOVED');
    }
    const words = TRAILING_WORDS.exec(text);
    if (words && words.index > 0) {
      text = text.slice(0, words.index).trim();
      addIssue(issues, 'LABEL_REMOVED');
    }
    if (text === before) break;
  }
  for (let round = 0; round < 3; round++) {
    const lead = LEADING_BRACKET.exec(text) ?? LEADING_WORDS.exec(text);
    if (!lead || lead[0].length === 0) break;
    text = text.slice(lead[0].length);
    addIssue(issues, 'LABEL_REMOVED');
  }
  return scanPiece(text, extension, issues);
}

/** An ASCII letter, `#`, or anything beyond ASCII (where Unicode letters and marks live). */
function hasLetterOrHash(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 35 || c >= 128 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return true;
  }
  return false;
}

/** Collects digits, the leading plus, group breaks and vanity letters in one pass. */
function scanPiece(text: string, extension: string | null, issues: PhoneIssue[]): PhonePiece {
  // Digits are appended a run at a time, and the vanity string is only built once a letter
  // is seen: most values have none.
  let digits = '';
  let vanity: string | null = null;
  let hasPlus = false;
  const breaks: boolean[] = [];
  let pendingBreak = true;
  let strange = false;
  let droppedLetters = false;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      let end = i + 1;
      while (end < n) {
        const d = text.charCodeAt(end);
        if (d < 48 || d > 57) break;
        end++;
      }
      const run = text.slice(i, end);
      digits += run;
      if (vanity !== null) vanity += run;
      breaks.push(pendingBreak);
      for (let k = i + 1; k < end; k++) breaks.push(false);
      pendingBreak = false;
      i = end;
      continue;
    }
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
      let end = i;
      while (end < n && /[A-Za-z]/.test(text[end] as string)) end++;
      const run = text.slice(i, end);
      const before = text[i - 1] ?? ' ';
      const after = text[end] ?? ' ';
      // The vanity rule: letters convert only when glued to the digits (nothing, `-` or `.`
      // between them and a digit group); a word set off by spaces or brackets is a label.
      if (/[\d.-]/.test(before) || /[\d.-]/.test(after)) {
        if (vanity === null) vanity = digits;
        for (const l of run.toLowerCase()) vanity += KEYPAD[l] ?? '';
      } else {
        droppedLetters = true;
      }
      i = end;
      pendingBreak = true;
      continue;
    }
    if (c === 43) {
      if (digits.length === 0) hasPlus = true;
      else strange = true;
    } else if (!' ()-./[]'.includes(text[i] as string)) strange = true;
    pendingBreak = true;
    i++;
  }
  if (droppedLetters) addIssue(issues, 'LABEL_REMOVED');
  if (strange) addIssue(issues, 'FORMAT_CLEANED');
  return { digits, hasPlus, breaks, vanityDigits: vanity, extension, issues };
}
