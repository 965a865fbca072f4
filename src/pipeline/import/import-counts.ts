/**
 * What an import did with its rows. The row outcomes add up:
 * `received = inserted + updated + unchanged + rejected + duplicates`.
 * `by_reason` counts rejected rows per reason code (a row with two reasons counts
 * under both); `flagged` counts accepted rows per rule they broke without being rejected.
 */
export interface ImportCounts {
  received: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Second and later rows of the same customer and E.164 within the batch: merged, not re-inserted. */
  duplicates: number;
  by_reason: Record<string, number>;
  flagged: Record<string, number>;
}

const OUTCOMES = ['received', 'inserted', 'updated', 'unchanged', 'rejected', 'duplicates'] as const;

function tally(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (typeof v === 'number') out[k] = v;
  }
  return out;
}

/**
 * Empty counts, or the counts a batch row stored at its last checkpoint (an interrupted
 * import resumes from them).
 *
 * @example
 * createImportCounts(batch.counts).received; // rows already committed
 */
export function createImportCounts(stored?: Record<string, unknown>): ImportCounts {
  const counts: ImportCounts = {
    received: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    duplicates: 0,
    by_reason: tally(stored?.by_reason),
    flagged: tally(stored?.flagged),
  };
  for (const key of OUTCOMES) {
    const v = stored?.[key];
    if (typeof v === 'number') counts[key] = v;
  }
  return counts;
}
