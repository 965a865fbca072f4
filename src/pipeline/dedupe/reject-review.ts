import { PhonesetError } from '../../core/errors.js';
import { pendingPair, type ReviewOutcome, reviewAudits } from './accept-review.js';
import type { DedupeStore } from './dedupe-ports.js';

/**
 * Rejects a review pair: the records stay apart, the decision is stored (a labelled
 * non-match for the next training) and audited.
 *
 * @example
 * await rejectReview(store, '7', { actor: 'ana', reason: 'two lines of one office' });
 */
export async function rejectReview(
  store: Pick<DedupeStore, 'reviews' | 'audit'>,
  reviewId: string,
  options: { actor: string; reason?: string },
): Promise<ReviewOutcome> {
  const pair = await pendingPair(store, reviewId);
  const reason = options.reason ?? null;
  const decided = await store.reviews.decide({
    review_id: reviewId,
    status: 'rejected',
    actor: options.actor,
    reason,
  });
  if (!decided) {
    const now = await store.reviews.get(reviewId);
    throw new PhonesetError('REVIEW_ALREADY_DECIDED', {
      review_id: reviewId,
      status: now?.status ?? 'decided',
    });
  }
  await store.audit.append(reviewAudits(pair, 'rejected', options.actor, reason));
  return { review_id: reviewId, status: 'rejected', merge_id: null, master_id: null };
}
