import type { Command } from 'commander';
import { createApp } from '../../app.js';
import { getConfig } from '../../config.js';
import { renderExplanation } from '../../core/dedupe/render-explanation.js';
import { PhonesetError } from '../../core/errors.js';
import { acceptReview, explainStoredPair, rejectReview } from '../../pipeline/dedupe/index.js';
import { resolveActor } from '../../pipeline/import/index.js';
import type { ReviewStatus } from '../../store/review.repository.js';
import { formatTable } from '../ui/format-table.js';

const STATUSES: readonly ReviewStatus[] = ['pending', 'accepted', 'rejected'];

function checkId(id: string): string {
  if (!/^\d{1,18}$/.test(id))
    throw new PhonesetError('CLI_BAD_USAGE', { detail: `review id "${id}" is not a number` });
  return id;
}

/**
 * `phoneset review list|show|accept|reject`: the queue of pairs the model was unsure about.
 *
 * @example
 * registerReviewCommand(program); // phoneset review accept 7 --reason "same line"
 */
export function registerReviewCommand(program: Command): void {
  const review = program
    .command('review')
    .description('The dedupe review queue: pairs scored between the review and auto-merge thresholds');

  review
    .command('list')
    .description('List review pairs (pending by default)')
    .option('--status <status>', `pending, accepted or rejected (default pending)`, 'pending')
    .option('--limit <n>', 'at most this many', '50')
    .option('--json', 'print as NDJSON, one pair per line')
    .action(async (options: { status: string; limit: string; json?: boolean }) => {
      if (!STATUSES.includes(options.status as ReviewStatus))
        throw new PhonesetError('CLI_BAD_USAGE', {
          detail: `--status must be one of ${STATUSES.join(', ')}`,
        });
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1)
        throw new PhonesetError('CLI_BAD_USAGE', {
          detail: `--limit "${options.limit}" is not a positive integer`,
        });
      const app = await createApp(getConfig());
      try {
        const list = await app.store.reviews.list({ status: options.status as ReviewStatus, limit });
        if (options.json) {
          for (const p of list) process.stdout.write(`${JSON.stringify(p)}\n`);
          return;
        }
        if (list.length === 0) {
          process.stdout.write(`No ${options.status} review pairs.\n`);
          return;
        }
        process.stdout.write(
          formatTable(list, [
            { title: 'id', value: (p) => p.review_id, align: 'right' },
            { title: 'customer', value: (p) => p.customer_id },
            { title: 'phone a', value: (p) => p.phone_a, align: 'right' },
            { title: 'phone b', value: (p) => p.phone_b, align: 'right' },
            { title: 'p', value: (p) => p.probability.toFixed(4), align: 'right' },
            { title: 'reason', value: (p) => p.reason },
            { title: 'status', value: (p) => p.status },
          ]),
        );
      } finally {
        await app.close();
      }
    });

  review
    .command('show <review_id>')
    .description('Show one pair with its explanation (waterfall of match weights)')
    .option('--json', 'print as one JSON object')
    .action(async (id: string, options: { json?: boolean }) => {
      checkId(id);
      const app = await createApp(getConfig());
      try {
        const pair = await app.store.reviews.get(id);
        if (!pair) throw new PhonesetError('STORE_NOT_FOUND', { what: 'Review pair', id });
        const explanation = await explainStoredPair(app.store, pair.phone_a, pair.phone_b);
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ ...pair, explanation })}\n`);
          return;
        }
        process.stdout.write(
          `review ${pair.review_id} · customer ${pair.customer_id} · ${pair.status} · queued with p = ${pair.probability.toFixed(4)} (${pair.reason})\n${renderExplanation(explanation)}\n`,
        );
      } finally {
        await app.close();
      }
    });

  for (const verb of ['accept', 'reject'] as const) {
    review
      .command(`${verb} <review_id>`)
      .description(
        verb === 'accept'
          ? 'The two records are one phone: merge them (undoable) and teach the model'
          : 'The two records are different phones: keep them apart and teach the model',
      )
      .option('--reason <text>', 'why (kept in the audit trail)')
      .option('--json', 'print the outcome as one JSON object')
      .action(async (id: string, options: { reason?: string; json?: boolean }) => {
        checkId(id);
        const app = await createApp(getConfig());
        try {
          const args = {
            actor: resolveActor(),
            ...(options.reason !== undefined ? { reason: options.reason } : {}),
          };
          const outcome =
            verb === 'accept'
              ? await acceptReview(app.store, id, args)
              : await rejectReview(app.store, id, args);
          process.stdout.write(
            options.json
              ? `${JSON.stringify(outcome)}\n`
              : `Review ${id} ${outcome.status}${outcome.merge_id ? `: merged into ${outcome.master_id} as merge set ${outcome.merge_id}` : ''}\n`,
          );
        } finally {
          await app.close();
        }
      });
  }
}
