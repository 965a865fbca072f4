import { PhonesetError } from '../../core/errors.js';
import type { ReleaseRepository, ReleaseStage, StagePointer } from '../../store/release.repository.js';

/**
 * Moves a stage back to the release it served before the current one. The stage history is
 * replayed as a stack (a promote pushes, a rollback pops), so rolling back twice goes back two
 * releases rather than flipping between the last two.
 *
 * @example
 * await rollbackStage(store.releases, 'prod', 'ops'); // prod serves the previous release again
 */
export async function rollbackStage(
  releases: ReleaseRepository,
  stage: ReleaseStage,
  actor: string,
): Promise<{ from: string; to: StagePointer }> {
  const moves = (await releases.history(stage, { limit: 100_000 })).reverse();
  const stack: string[] = [];
  for (const m of moves) {
    if (m.action === 'promote') {
      if (stack[stack.length - 1] !== m.release_id) stack.push(m.release_id);
    } else stack.pop();
  }
  const current = stack[stack.length - 1];
  const previous = stack[stack.length - 2];
  if (!current || !previous) throw new PhonesetError('RELEASE_NO_PREVIOUS', { stage });
  const to = await releases.moveStage(stage, previous, 'rollback', actor);
  return { from: current, to };
}
