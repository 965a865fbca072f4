import { compareSurvivorship } from '../../core/dedupe/compare-survivorship.js';
import { type DedupeConfigInput, resolveDedupeConfig } from '../../core/dedupe/resolve-dedupe-config.js';
import { PhonesetError } from '../../core/errors.js';
import type { PhoneRecord } from '../../core/registry/phone-record.js';
import type { AuditEntry } from '../../store/audit.repository.js';
import { decideReview, type ReviewPairRecord } from '../../store/review.repository.js';
import type { DedupeStore } from './dedupe-ports.js';
import { planMerge } from './plan-merge.js';

/** What a review decision did. */
export interface ReviewOutcome {
  review_id: string;
  status: 'accepted' | 'rejected';
  /** The merge set of an accepted pair (null when both were already one cluster, or rejected). */
  merge_id: string | null;
  master_id: string | null;
}

/**
 * A pending pair or the reason it cannot be decided (not found, already decided).
 *
 * @example
 * const pair = await pendingPair(store, '7');
 */
export async function pendingPair(
  store: Pick<DedupeStore, 'reviews'>,
  reviewId: string,
): Promise<ReviewPairRecord> {
  const pair = await store.reviews.get(reviewId);
  if (!pair) throw new PhonesetError('STORE_NOT_FOUND', { what: 'Review pair', id: reviewId });
  if (pair.status !== 'pending')
    throw new PhonesetError('REVIEW_ALREADY_DECIDED', { review_id: reviewId, status: pair.status });
  return pair;
}

/**
 * The REVIEW audit rows of a decision: one per record of the pair.
 *
 * @example
 * store.audit.append(reviewAudits(pair, 'rejected', 'ana', 'two lines'));
 */
export function reviewAudits(
  pair: ReviewPairRecord,
  status: 'accepted' | 'rejected',
  actor: string,
  reason: string | null,
): AuditEntry[] {
  return [pair.phone_a, pair.phone_b].map((id) => ({
    phone_id: id,
    customer_id: pair.customer_id,
    // 'REVIEW' is added to the audit operations by migration 0006.
    operation: 'REVIEW' as AuditEntry['operation'],
    old_values: { review_id: pair.review_id, status: 'pending' },
    new_values: {
      review_id: pair.review_id,
      status,
      pair: [pair.phone_a, pair.phone_b],
      probability: pair.probability,
    },
    changed_by: actor,
    change_reason: reason ?? `review ${status}`,
  }));
}

/**
 * Accepts a review pair: the two records' clusters become one (a stable master: an existing
 * master with merged records wins, else survivorship), as one merge set written in the same
 * transaction as the decision and its REVIEW audit rows. The label teaches the next training.
 *
 * @example
 * await acceptReview(store, '7', { actor: 'ana', reason: 'same line, typo' });
 */
export async function acceptReview(
  store: DedupeStore,
  reviewId: string,
  options: { actor: string; reason?: string; config?: DedupeConfigInput },
): Promise<ReviewOutcome> {
  const config = resolveDedupeConfig(options.config);
  const pair = await pendingPair(store, reviewId);
  const reason = options.reason ?? null;
  const [a, b] = await Promise.all([store.phones.get(pair.phone_a), store.phones.get(pair.phone_b)]);
  if (!a || !b)
    throw new PhonesetError('STORE_NOT_FOUND', { what: 'Phone', id: !a ? pair.phone_a : pair.phone_b });
  const masterOf = async (r: PhoneRecord): Promise<PhoneRecord> =>
    r.merged_into ? ((await store.phones.get(r.merged_into)) ?? r) : r;
  const [ma, mb] = await Promise.all([masterOf(a), masterOf(b)]);
  const audits = reviewAudits(pair, 'accepted', options.actor, reason);
  if (ma.phone_id === mb.phone_id) {
    // Already one cluster: record the decision (the label) and its audit rows only.
    await store.reviews.decide({ review_id: reviewId, status: 'accepted', actor: options.actor, reason });
    await store.audit.append(audits);
    return { review_id: reviewId, status: 'accepted', merge_id: null, master_id: ma.phone_id };
  }
  const counts = await store.merges.mastersWithMembers([pair.customer_id]);
  const [first, second] = [ma, mb].sort((x, y) => {
    const established = Number(counts.has(y.phone_id)) - Number(counts.has(x.phone_id));
    return established !== 0 ? established : compareSurvivorship(x, y, config);
  }) as [PhoneRecord, PhoneRecord];
  const followers = counts.has(second.phone_id) ? await store.merges.followers([second.phone_id]) : [];
  const plan = planMerge(
    [
      {
        customerId: pair.customer_id,
        masterId: first.phone_id,
        memberIds: [first.phone_id, second.phone_id],
        probabilityOf: new Map([[second.phone_id, pair.probability]]),
      },
    ],
    new Map([
      [first.phone_id, first],
      [second.phone_id, second],
    ]),
    new Map([[second.phone_id, followers]]),
    { actor: options.actor, reason: `review ${reviewId} accepted`, config },
  );
  const mergeId = await store.merges.apply({
    kind: 'review',
    model_version: pair.model_version,
    actor: options.actor,
    groups: plan.groups,
    merged_records: plan.mergedRecords,
    members: plan.members,
    audits: [...audits, ...plan.audits],
    outbox: plan.outbox,
    also: async (tx, id) => {
      await decideReview(tx, {
        review_id: reviewId,
        status: 'accepted',
        actor: options.actor,
        reason,
        merge_id: id,
      });
    },
  });
  return { review_id: reviewId, status: 'accepted', merge_id: mergeId, master_id: first.phone_id };
}
