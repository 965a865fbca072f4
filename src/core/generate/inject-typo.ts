import type { Rng } from './create-rng.js';

export type TypoKind = 'typo_substitution' | 'typo_transposition' | 'typo_deletion' | 'typo_insertion';

/**
 * Applies one keying error to a national number: one digit wrong, two adjacent digits
 * swapped, one digit dropped, or one digit doubled. The first `keep` digits (the operator
 * or area prefix people rarely get wrong) stay intact. The result always differs from the
 * input.
 *
 * @example
 * injectTypo('3001234567', 'typo_transposition', createRng(1)); // e.g. '3001243567'
 */
export function injectTypo(national: string, kind: TypoKind, rng: Rng, keep = 3): string {
  const start = Math.min(keep, national.length - 2);
  const span = national.length - start;
  if (kind === 'typo_transposition') {
    const candidates: number[] = [];
    for (let i = start; i < national.length - 1; i++) if (national[i] !== national[i + 1]) candidates.push(i);
    if (candidates.length > 0) {
      const i = rng.pick(candidates);
      return national.slice(0, i) + national[i + 1] + national[i] + national.slice(i + 2);
    }
    // Every digit equal: no swap changes anything, so fall back to a substitution.
    kind = 'typo_substitution';
  }
  const i = start + rng.int(span);
  const digit = national[i] as string;
  if (kind === 'typo_deletion') return national.slice(0, i) + national.slice(i + 1);
  if (kind === 'typo_insertion') return national.slice(0, i) + digit + national.slice(i);
  const replacement = String((Number(digit) + 1 + rng.int(9)) % 10);
  return national.slice(0, i) + replacement + national.slice(i + 1);
}
