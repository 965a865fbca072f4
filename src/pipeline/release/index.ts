/**
 * Dataset releases: immutable, content-addressed snapshots of the registry, promoted
 * dev → staging → prod.
 *
 * @example
 * import { createRelease, promoteRelease } from '../pipeline/release/index.js';
 */
export { canonicalRecord, RELEASE_FIELDS, type ReleaseRecord } from './canonical-record.js';
export { type ContentDigest, createContentDigest } from './create-content-digest.js';
export { type CreateReleaseResult, createRelease } from './create-release.js';
export { type ChangedRecord, diffReleases, type ReleaseDiff } from './diff-releases.js';
export { promoteRelease } from './promote-release.js';
export { getRelease, readReleaseRecords } from './read-release.js';
export type { ReleaseFile, ReleaseManifest } from './release-manifest.js';
export type { ReleaseDeps } from './release-ports.js';
export { rollbackStage } from './rollback-stage.js';
export { createPhoneTokenizer } from './tokenize-phone.js';
