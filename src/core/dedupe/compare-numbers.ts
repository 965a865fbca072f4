import { osaDistance } from './osa-distance.js';

/** Levels of the `number` comparison (indices into COMPARISONS[0].levels). */
export const NUMBER_LEVEL = {
  exact: 0,
  legacyPlan: 1,
  countryForm: 2,
  numericNeighbour: 3,
  oneSubstitution: 4,
  transposition: 5,
  digitDroppedOrDoubled: 6,
  distance2: 7,
  different: 8,
} as const;

/**
 * Compares two numbers given as (calling code, national number) and returns the level of
 * the `number` comparison: the first of exact, legacy-plan equivalent (Colombian
 * `1 234 5678` vs `601 234 5678`), the same digits in another country form, numerically
 * adjacent (the next number in a block), one substitution, one adjacent transposition, one
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
  if (nsnA === ccB + nsnB || nsnB === ccA + nsnA || ccA + nsnA === ccB + nsnB)
    return NUMBER_LEVEL.countryForm;
  const sameCc = ccA === ccB;
  const la = nsnA.length;
  const lb = nsnB.length;
  if (la === lb && sameCc && isNumericNeighbour(nsnA, nsnB)) return NUMBER_LEVEL.numericNeighbour;
  if (la === lb) {
    let first = -1;
    let diffs = 0;
    for (let i = 0; i < la; i++) {
      if (nsnA.charCodeAt(i) !== nsnB.charCodeAt(i)) {
        if (diffs === 0) first = i;
        diffs++;
        if (diffs > 2) break;
      }
    }
    if (diffs === 1) return sameCc ? NUMBER_LEVEL.oneSubstitution : NUMBER_LEVEL.distance2;
    if (
      diffs === 2 &&
      first + 1 < la &&
      nsnA.charCodeAt(first) === nsnB.charCodeAt(first + 1) &&
      nsnA.charCodeAt(first + 1) === nsnB.charCodeAt(first) &&
      nsnA.charCodeAt(first) !== nsnA.charCodeAt(first + 1)
    ) {
      return sameCc ? NUMBER_LEVEL.transposition : NUMBER_LEVEL.distance2;
    }
  } else if (Math.abs(la - lb) === 1 && isOneIndel(la > lb ? nsnA : nsnB, la > lb ? nsnB : nsnA)) {
    return sameCc ? NUMBER_LEVEL.digitDroppedOrDoubled : NUMBER_LEVEL.distance2;
  }
  const d = osaDistance(nsnA, nsnB, 2) + (sameCc ? 0 : 1);
  return d <= 2 ? NUMBER_LEVEL.distance2 : NUMBER_LEVEL.different;
}

// Pre-2021 Colombian fixed plan: one area digit + 7 digits; the 2021 plan prefixes `60`.
function isLegacyPair(a: string, b: string): boolean {
  if (a.length === 8 && b.length === 10)
    return b.charCodeAt(0) === 54 && b.charCodeAt(1) === 48 && b.endsWith(a);
  if (b.length === 8 && a.length === 10)
    return a.charCodeAt(0) === 54 && a.charCodeAt(1) === 48 && a.endsWith(b);
  return false;
}

// Same leading digits and the trailing 4 digits within 3 of each other: the next line in a block.
function isNumericNeighbour(a: string, b: string): boolean {
  const n = a.length;
  if (n < 5) return false;
  for (let i = 0; i < n - 4; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  const ta = Number(a.slice(n - 4));
  const tb = Number(b.slice(n - 4));
  return Math.abs(ta - tb) <= 3;
}

function isOneIndel(longer: string, shorter: string): boolean {
  let i = 0;
  while (i < shorter.length && longer.charCodeAt(i) === shorter.charCodeAt(i)) i++;
  return longer.slice(i + 1) === shorter.slice(i);
}
