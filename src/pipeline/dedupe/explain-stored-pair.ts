import { dedupeRecords } from '../../core/dedupe/dedupe-records.js';
import { explainPair, type PairExplanation } from '../../core/dedupe/explain-pair.js';
import { PhonesetError } from '../../core/errors.js';
import type { DedupeStore } from './dedupe-ports.js';
import { loadRegistry } from './load-registry.js';

/** What explaining a stored pair needs beyond the dedupe port: term frequencies. */
export interface ExplainStore extends Pick<DedupeStore, 'merges'> {
  readonly phones: Pick<DedupeStore['phones'], 'iterate' | 'scan'> & {
    findByNumber(phone_number: string): Promise<unknown[]>;
    count(filter?: { masters_only?: boolean }): Promise<number>;
  };
}

/**
 * Explains, with the newest trained model, why two registry records score as they do:
 * the waterfall of match weights (prior, each comparison, term frequency of the number).
 * With no model saved yet, one is trained on the registry for this answer (not saved).
 *
 * @example
 * const e = await explainStoredPair(store, '41', '42'); // e.steps, e.probability, e.decision
 */
export async function explainStoredPair(
  store: ExplainStore,
  a: string,
  b: string,
): Promise<PairExplanation & { model_version: string | null }> {
  const pair = `${a},${b}`;
  const records = await store.merges.getMany([a, b]);
  const ra = records.find((r) => r.phone_id === a);
  const rb = records.find((r) => r.phone_id === b);
  if (!ra || !rb)
    throw new PhonesetError('DEDUPE_BAD_PAIR', { pair, detail: `no registry record ${ra ? b : a}` });
  const stored = await store.merges.latestModel();
  const model = stored?.model ?? dedupeRecords(await loadRegistry(store)).model;
  const counts = new Map<string, number>();
  for (const r of [ra, rb])
    counts.set(r.phone_number, (await store.phones.findByNumber(r.phone_number)).length);
  const total = await store.phones.count({ masters_only: true });
  const explanation = explainPair(ra, rb, model, {
    ...(stored ? { config: stored.config } : {}),
    termFrequencies: { counts, total: Math.max(total, 1) },
  });
  return { ...explanation, model_version: stored?.version ?? null };
}
