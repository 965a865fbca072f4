import { PhonesetError } from '../../core/errors.js';
import {
  RELEASE_STAGES,
  type ReleaseRepository,
  type ReleaseStage,
  type StagePointer,
} from '../../store/release.repository.js';

/**
 * Points a stage at a release, in order: any release may go to dev; staging takes only a
 * release that has been in dev, prod only one that has been in staging. The move is recorded
 * in the stage history (who, when).
 *
 * @example
 * await promoteRelease(store.releases, '2026.11.28-1', 'staging', 'ops');
 */
export async function promoteRelease(
  releases: ReleaseRepository,
  version: string,
  stage: ReleaseStage,
  actor: string,
): Promise<StagePointer> {
  const release = await releases.get(version);
  if (!release) throw new PhonesetError('STORE_NOT_FOUND', { what: 'Release', id: version });
  const index = RELEASE_STAGES.indexOf(stage);
  const before = index > 0 ? RELEASE_STAGES[index - 1] : undefined;
  if (before) {
    const moves = await releases.history(before, { limit: 10_000 });
    if (!moves.some((m) => m.release_id === version)) {
      throw new PhonesetError('RELEASE_STAGE_ORDER', {
        release: version,
        stage,
        detail: `it has never been in ${before}; promote it to ${before} first (dev → staging → prod)`,
      });
    }
  }
  return releases.moveStage(stage, version, 'promote', actor);
}
