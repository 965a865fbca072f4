import type { Dimension } from '../../core/quality/index.js';
import { DIMENSIONS } from '../../core/quality/index.js';
import type { Lake } from '../../lake/lake.js';
import type { ReleaseRecord } from './canonical-record.js';
import { readReleaseRecords } from './read-release.js';
import type { ReleaseManifest } from './release-manifest.js';

/** A record in both releases with different values. */
export interface ChangedRecord {
  phone_id: string;
  customer_id: string;
  fields: { field: string; from: unknown; to: unknown }[];
}

/** What changed between two releases. */
export interface ReleaseDiff {
  from: string;
  to: string;
  added: ReleaseRecord[];
  removed: ReleaseRecord[];
  changed: ChangedRecord[];
  unchanged: number;
  metrics: { dimension: Dimension | 'total'; from: number | null; to: number | null; delta: number | null }[];
}

/**
 * Compares two releases record by record (by phone_id; customer and number shown) and by
 * their quality metrics. Reads the first release into a map of phone_id → line, then streams
 * the second against it.
 *
 * @example
 * const d = await diffReleases(lake, a.manifest, b.manifest);
 * d.changed[0]?.fields; // [{ field: 'carrier', from: 'Claro', to: 'Movistar' }]
 */
export async function diffReleases(
  lake: Pick<Lake, 'open'>,
  from: ReleaseManifest,
  to: ReleaseManifest,
): Promise<ReleaseDiff> {
  const before = new Map<string, ReleaseRecord>();
  for await (const r of readReleaseRecords(lake, from)) before.set(String(r.phone_id), r);
  const diff: ReleaseDiff = {
    from: from.version,
    to: to.version,
    added: [],
    removed: [],
    changed: [],
    unchanged: 0,
    metrics: [],
  };
  for await (const r of readReleaseRecords(lake, to)) {
    const id = String(r.phone_id);
    const old = before.get(id);
    before.delete(id);
    if (!old) {
      diff.added.push(r);
      continue;
    }
    const fields = Object.keys(r)
      .filter(
        (k) => JSON.stringify(old[k as keyof ReleaseRecord]) !== JSON.stringify(r[k as keyof ReleaseRecord]),
      )
      .map((k) => ({ field: k, from: old[k as keyof ReleaseRecord], to: r[k as keyof ReleaseRecord] }));
    if (fields.length === 0) diff.unchanged++;
    else diff.changed.push({ phone_id: id, customer_id: String(r.customer_id), fields });
  }
  diff.removed = [...before.values()];
  const delta = (a: number | null, b: number | null) => (a === null || b === null ? null : b - a);
  diff.metrics.push({
    dimension: 'total',
    from: from.record_count,
    to: to.record_count,
    delta: to.record_count - from.record_count,
  });
  for (const d of DIMENSIONS) {
    const a = from.quality.scores[d];
    const b = to.quality.scores[d];
    diff.metrics.push({ dimension: d, from: a, to: b, delta: delta(a, b) });
  }
  return diff;
}
