// google-libphonenumber as a second opinion on 60,000 generated inputs. Every disagreement
// is put in a class; a class not listed in docs/phone-engine.md ("Deliberate differences")
// fails the test, with examples.
import { readFileSync } from 'node:fs';
import gpn from 'google-libphonenumber';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { normalizePhone as sut } from '../../../src/core/phone/normalize-phone.js';
import type { PhoneIssue, PhoneResult, PhoneType } from '../../../src/core/phone/phone-result.js';
import { generatePhoneInputs } from './phone-inputs.js';

const util = gpn.PhoneNumberUtil.getInstance();
const G = gpn.PhoneNumberType;
const GOOGLE_TYPES = new Map<number, PhoneType>([
  [G.FIXED_LINE, 'fixed'],
  [G.MOBILE, 'mobile'],
  [G.FIXED_LINE_OR_MOBILE, 'fixed_or_mobile'],
  [G.TOLL_FREE, 'toll_free'],
  [G.PREMIUM_RATE, 'premium_rate'],
  [G.SHARED_COST, 'shared_cost'],
  [G.VOIP, 'voip'],
  [G.PERSONAL_NUMBER, 'personal'],
  [G.PAGER, 'pager'],
  [G.UAN, 'uan'],
  [G.VOICEMAIL, 'voicemail'],
]);

interface Opinion {
  valid: boolean;
  e164: string | null;
  type: PhoneType;
}

function google(raw: string, region: string): Opinion {
  try {
    const pn = util.parse(raw, region);
    const valid = util.isValidNumber(pn);
    return {
      valid,
      e164: util.format(pn, gpn.PhoneNumberFormat.E164),
      type: valid ? (GOOGLE_TYPES.get(util.getNumberType(pn)) ?? 'unknown') : 'unknown',
    };
  } catch {
    return { valid: false, e164: null, type: 'unknown' };
  }
}

function agree(ours: PhoneResult, theirs: Opinion): boolean {
  if (ours.is_valid !== theirs.valid) return false;
  return !ours.is_valid || (ours.normalized === theirs.e164 && ours.type === theirs.type);
}

/** Reading rules of ours, in the order that best explains a difference. */
const READING_CLASSES: [string, PhoneIssue[]][] = [
  ['legacy-fixed-plan', ['LEGACY_FIXED_MIGRATED', 'NO_AREA_CODE']],
  ['international-prefix-0057', ['INTERNATIONAL_PREFIX_0057']],
  ['colombian-dial-prefix', ['CARRIER_PREFIX_REMOVED', 'INTERNATIONAL_PREFIX_REMOVED']],
  ['country-code-without-plus', ['COUNTRY_CODE_WITHOUT_PLUS']],
  ['multiple-numbers', ['MULTIPLE_NUMBERS']],
  ['letters', ['LABEL_REMOVED', 'VANITY_LETTERS_CONVERTED']],
  ['unreadable-values', ['EMPTY', 'BINARY_DATA', 'EXCEL_SCIENTIFIC_NOTATION', 'INPUT_TRUNCATED']],
  ['extension', ['EXTENSION_REMOVED']],
  ['format-cleaned', ['FORMAT_CLEANED']],
];

/**
 * Why ours and Google's differ. If Google, given our own E.164, agrees with our verdict, the
 * difference is in how the text was read (named by our reading rule); if it does not, the
 * two libraries' metadata disagree on that very number.
 */
function classify(ours: PhoneResult, theirs: Opinion): string {
  if (ours.normalized !== null) {
    const again = google(ours.normalized, 'ZZ');
    if (!agree(ours, again)) {
      const lpjs = parsePhoneNumberFromString(ours.normalized);
      if (ours.normalized.length > 16) return 'e164-length-cap';
      if (lpjs && lpjs.isValid() !== again.valid) return 'metadata-version';
      if (lpjs && again.valid && ours.type !== again.type) return 'metadata-version';
      return 'unexplained-verdict';
    }
    if (theirs.e164 === ours.normalized) {
      // Same number, different verdict on the same text: Google's own metadata on its parse.
      return 'metadata-version';
    }
  } else if (theirs.valid && theirs.e164 !== null) {
    const lpjs = parsePhoneNumberFromString(theirs.e164);
    if (!lpjs?.isValid()) return 'metadata-version';
    if (theirs.e164.length > 16) return 'e164-length-cap';
  }
  for (const [name, issues] of READING_CLASSES) {
    if (issues.some((issue) => ours.issues.includes(issue))) return name;
  }
  return 'unexplained-reading';
}

function documentedClasses(): Set<string> {
  const doc = readFileSync(new URL('../../../docs/phone-engine.md', import.meta.url), 'utf8');
  const section = doc.split(/^## Deliberate differences/m)[1]?.split(/^## /m)[0] ?? '';
  return new Set([...section.matchAll(/^\|\s*`([a-z0-9-]+)`\s*\|/gm)].map((m) => m[1] as string));
}

describe('normalizePhone — differential test against google-libphonenumber', () => {
  it('disagrees only in the documented, deliberate ways on 60,000 generated inputs', () => {
    const inputs = generatePhoneInputs(60_000, 20_260_901);
    const classes = new Map<string, { count: number; examples: string[] }>();
    let agreed = 0;
    for (const { raw, defaultCountry } of inputs) {
      const ours = sut(raw, { defaultCountry });
      const theirs = google(raw, defaultCountry);
      if (agree(ours, theirs)) {
        agreed++;
        continue;
      }
      const name = classify(ours, theirs);
      const entry = classes.get(name) ?? { count: 0, examples: [] };
      entry.count++;
      if (entry.examples.length < 6) {
        entry.examples.push(
          `${JSON.stringify(raw)} (${defaultCountry}): ours ${ours.normalized} ${ours.is_valid ? 'valid' : 'invalid'} ${ours.type} [${ours.issues.join(',')}] · google ${theirs.e164} ${theirs.valid ? 'valid' : 'invalid'} ${theirs.type}`,
        );
      }
      classes.set(name, entry);
    }
    const documented = documentedClasses();
    expect(documented.has('legacy-fixed-plan'), 'docs/phone-engine.md table not found').toBe(true);
    const report = [...classes]
      .sort((a, b) => b[1].count - a[1].count)
      .map(([name, { count, examples }]) => `${name}: ${count}\n    ${examples.join('\n    ')}`)
      .join('\n');
    const unlisted = [...classes.keys()].filter((name) => !documented.has(name));
    expect(unlisted, `undocumented disagreement classes:\n${report}`).toEqual([]);
    // Most inputs are read the same: the differences are the deliberate ones.
    expect(agreed / inputs.length).toBeGreaterThan(0.7);
  });
});
