import type { Lake } from '../../lake/lake.js';
import type { ReleaseRepository } from '../../store/release.repository.js';
import type { QualityEngine, QualityStore } from '../quality/quality-ports.js';

/**
 * What release commands need: the store (releases and quality), the lake, the engine and the
 * token secret for non-prod files.
 *
 * @example
 * const deps: ReleaseDeps = { store: app.store, lake, engine: QUALITY_ENGINE, tokenSecret, metadataVersion };
 */
export interface ReleaseDeps {
  store: QualityStore & { readonly releases: ReleaseRepository };
  lake: Pick<Lake, 'putRelease' | 'open'>;
  engine?: QualityEngine & { normalize(raw: string): { normalized: string | null } };
  /** Secret of the keyed tokens in dev and staging files; the same keys give the same tokens. */
  tokenSecret: Buffer;
  /** Phone-engine metadata version, recorded in the manifest. */
  metadataVersion: string;
}
