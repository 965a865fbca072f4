import { createInterface } from 'node:readline';
import { PhonesetError } from '../../core/errors.js';
import type { Lake } from '../../lake/lake.js';
import type { Release, ReleaseRepository } from '../../store/release.repository.js';
import type { ReleaseRecord } from './canonical-record.js';
import type { ReleaseManifest } from './release-manifest.js';

/**
 * A release and its manifest (kept with the release row).
 *
 * @example
 * const { release, manifest } = await getRelease(store.releases, '2026.11.28-1');
 */
export async function getRelease(
  releases: Pick<ReleaseRepository, 'get'>,
  version: string,
): Promise<{ release: Release; manifest: ReleaseManifest }> {
  const release = await releases.get(version);
  if (!release) throw new PhonesetError('STORE_NOT_FOUND', { what: 'Release', id: version });
  return { release, manifest: release.gate.manifest as ReleaseManifest };
}

/**
 * Streams the records of a release file back from the lake (verified against its sha256).
 *
 * @example
 * for await (const r of readReleaseRecords(lake, manifest, 'full')) …
 */
export async function* readReleaseRecords(
  lake: Pick<Lake, 'open'>,
  manifest: ReleaseManifest,
  variant: 'full' | 'tokenized' = 'full',
): AsyncIterable<ReleaseRecord> {
  const file = manifest.files.find((f) => f.format === 'ndjson' && f.variant === variant);
  if (!file)
    throw new PhonesetError('LAKE_NOT_FOUND', { path: `releases/${manifest.version} (${variant} ndjson)` });
  const lines = createInterface({ input: lake.open(file.key, { sha256: file.sha256 }), crlfDelay: Infinity });
  for await (const line of lines) if (line !== '') yield JSON.parse(line) as ReleaseRecord;
}
