import { osaDistance } from './osa-distance.js';

/** Levels of the `number` comparison (indices into COMPARISONS[0].levels). */
export const NUMBER_LEVEL = {
  exact: 0,
  legacyPlan: 1,
  countryForm: 2,
  nextNumber: 3,
  oneSubstitution: 4,
  transposition: 5,
  digitDroppedOrDoubled: 6,
  distance2: 7,
  different: 8,
} as const;

/**
 * Compares two numbers given as (calling code, national number) and returns the level of
 * the `number` comparison: the first of exact, legacy-plan equivalent (Colombian
 * `1 234 5678` vs `601 234 5678`), the same digits in another country form, the next
 * number (one or two apart, as lines of one block), one substitution, one adjacent transposition, one
 * digit dropped or doubled, distance 2, different.
 *
 * @example
 * compareNumbers('57', '3001234567', '57', '3001243567') // NUMBER_LEVEL.transposition
 */
export function compareNumbers(ccA: string, nsnA: string, ccB: string, nsnB: string): number {
  if (nsnA === nsnB) return ccA === ccB ? NUMBER_LEVEL.exact : NUMBER_LEVEL.countryForm;
  if (ccA === '57' && ccB === '57' && isLegacyPair(nsnA, nsnB)) return NUMBER_LEVEL.legacyPlan;
  // The same digits read with the country code as part of the national number, or the
  // national number read as international (`+1 300…` for a Colombian `300…`).
  if (
    isConcat(nsnA, ccB, nsnB) ||
    isConcat(nsnB, ccA, nsnA) ||
    (ccA !== ccB && ccA.length + nsnA.length === ccB.length + nsnB.length && isConcat(ccA + nsnA, ccB, nsnB))
  )
    return NUMBER_LEVEL.countryForm;
  if (ccA === ccB) {
    if (nsnA.length === nsnB.length && isNextNumber(nsnA, nsnB)) return NUMBER_LEVEL.nextNumber;
    return (
      oneEditLevel(nsnA, nsnB) ??
      (osaDistance(nsnA, nsnB, 2) <= 2 ? NUMBER_LEVEL.distance2 : NUMBER_LEVEL.different)
    );
  }
  // Different calling codes: the engine may have read typed digits without a country code
  // as international (an extra digit turns `3001234567` into `+33 001 234 567`). The typed
  // digits are then one side's full digits against the other's national number, so one
  // edit there is one typo; the same edit between the two national numbers is two errors.
  const crossed = oneEditLevel(ccA + nsnA, nsnB) ?? oneEditLevel(nsnA, ccB + nsnB);
  if (crossed !== undefined) return crossed;
  return osaDistance(nsnA, nsnB, 1) <= 1 ? NUMBER_LEVEL.distance2 : NUMBER_LEVEL.different;
}

// Whether whole === head + tail, without building the concatenation (called for every pair of a block).
function isConcat(whole: string, head: string, tail: string): boolean {
  return whole.length === head.length + tail.length && whole.startsWith(head) && whole.endsWith(tail);
}

// The level of a single edit between two digit strings, or undefined when they are not one edit apart.
function oneEditLevel(a: string, b: string): number | undefined {
  const la = a.length;
  const lb = b.length;
  if (la === lb) {
    let first = -1;
    let diffs = 0;
    for (let i = 0; i < la && diffs <= 2; i++) {
      if (a.charCodeAt(i) !== b.charCodeAt(i)) {
        if (diffs === 0) first = i;
        diffs++;
      }
    }
    if (diffs === 1) return NUMBER_LEVEL.oneSubstitution;
    if (
      diffs === 2 &&
      first + 1 < la &&
      a.charCodeAt(first) === b.charCodeAt(first + 1) &&
      a.charCodeAt(first + 1) === b.charCodeAt(first)
    ) {
      return NUMBER_LEVEL.transposition;
    }
    return undefined;
  }
  if (Math.abs(la - lb) === 1 && isOneIndel(la > lb ? a : b, la > lb ? b : a)) {
    return NUMBER_LEVEL.digitDroppedOrDoubled;
  }
  return undefined;
}

// Pre-2021 Colombian fixed plan: one area digit + 7 digits; the 2021 plan prefixes `60`.
function isLegacyPair(a: string, b: string): boolean {
  if (a.length === 8 && b.length === 10)
    return b.charCodeAt(0) === 54 && b.charCodeAt(1) === 48 && b.endsWith(a);
  if (b.length === 8 && a.length === 10)
    return a.charCodeAt(0) === 54 && a.charCodeAt(1) === 48 && a.endsWith(b);
  return false;
}

// Numbers one or two apart (…4567 / …4568, also across a carry: …4569 / …4570): the next
// lines of a block, bought together (a family's three SIMs are n, n+1, n+2). A typo can
// land there too; the other comparisons decide.
function isNextNumber(a: string, b: string): boolean {
  const n = a.length;
  if (n < 7) return false;
  for (let i = 0; i < n - 6; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return Math.abs(Number(a.slice(n - 6)) - Number(b.slice(n - 6))) <= 2;
}

function isOneIndel(longer: string, shorter: string): boolean {
  let i = 0;
  while (i < shorter.length && longer.charCodeAt(i) === shorter.charCodeAt(i)) i++;
  return longer.slice(i + 1) === shorter.slice(i);
}
