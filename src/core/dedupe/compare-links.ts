/**
 * Order of auto-merge links for clustering: higher probability first, then by the pair's
 * phone ids (each given as [smaller, larger]), so that batch and online agree on ties.
 *
 * @example
 * compareLinks(0.99, ['a', 'b'], 0.97, ['a', 'c']) // < 0
 */
export function compareLinks(pa: number, idsA: [string, string], pb: number, idsB: [string, string]): number {
  if (pa !== pb) return pb - pa;
  if (idsA[0] !== idsB[0]) return idsA[0] < idsB[0] ? -1 : 1;
  if (idsA[1] !== idsB[1]) return idsA[1] < idsB[1] ? -1 : 1;
  return 0;
}
