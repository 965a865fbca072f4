import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhoneRecord } from '../../../src/core/registry/phone-record.js';
import {
  acceptReview,
  createOnlineDedupe,
  dedupeReport,
  explainStoredPair,
  loadLabels,
  rejectReview,
  runDedupe,
  undoMerge,
} from '../../../src/pipeline/dedupe/index.js';
import type { SqlExecutor } from '../../../src/store/db.js';
import { BACKENDS } from '../../support/services.js';
import { createTestStore, type TestStore } from '../../support/store.js';
import { type SeededRegistry, seedRegistry } from './dedupe-fixture.js';

async function countRows(db: SqlExecutor, table: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return row?.n ?? 0;
}

async function snapshot(t: TestStore): Promise<Map<string, PhoneRecord>> {
  const out = new Map<string, PhoneRecord>();
  for await (const r of t.store.phones.iterate({ include_deleted: true })) out.set(r.phone_id, r);
  return out;
}

for (const backend of BACKENDS) {
  describe(`dedupe on ${backend}`, () => {
    let t: TestStore;
    let seeded: SeededRegistry;
    const actor = 'tester';

    beforeAll(async () => {
      t = await createTestStore(backend);
      seeded = await seedRegistry(t.store);
    }, 120_000);
    afterAll(async () => {
      await t?.drop();
    });

    it('writes nothing on a dry run, and finds the typo twin', async () => {
      const before = await snapshot(t);
      const tables = ['phone_audit_trail', 'outbox_events', 'merge_sets', 'match_models', 'review_pairs'];
      const counts = await Promise.all(tables.map((x) => countRows(t.db, x)));
      const sut = await runDedupe(t.store, { actor, dryRun: true });
      expect(sut.status).toBe('dry_run');
      expect(sut.merged_records).toBe(0);
      expect(sut.would_merge).toBeGreaterThan(0);
      expect(sut.merge_id).toBeNull();
      expect(sut.duplicate_groups.some((g) => g.phone_ids.includes(seeded.ids.twin))).toBe(true);
      expect(await Promise.all(tables.map((x) => countRows(t.db, x)))).toEqual(counts);
      expect(await snapshot(t)).toEqual(before);
    }, 120_000);

    let mergeId: string;
    let beforeMerge: Map<string, PhoneRecord>;

    it('merges the typo twin into its master, leaves the next line and the shared number alone', async () => {
      beforeMerge = await snapshot(t);
      const sut = await runDedupe(t.store, { actor });
      expect(sut.status).toBe('merged');
      expect(sut.merge_id).toMatch(/^\d+$/);
      expect(sut.model_version).toMatch(/^\d+$/);
      expect(sut.merged_records).toBe(sut.would_merge);
      mergeId = sut.merge_id as string;
      const { ids } = seeded;
      const twin = await t.store.phones.get(ids.twin);
      const master = await t.store.phones.get(ids.twinMaster);
      expect(twin?.merged_into).toBe(ids.twinMaster);
      expect(twin?.is_primary).toBe(false);
      expect(master?.merged_into).toBeNull();
      expect(master?.times_seen).toBe(6);
      expect(master?.sources).toEqual(['crm_salesforce', 'call_center', 'manual_upload']);
      expect(master?.is_primary).toBe(true);
      for (const id of [ids.lineA, ids.lineB, ids.sharedA, ids.sharedB]) {
        expect((await t.store.phones.get(id))?.merged_into).toBeNull();
      }
      // --json shape: the group with its members' source record ids and the chosen master.
      const group = sut.duplicate_groups.find((g) => g.phone_ids.includes(ids.twin));
      expect(group).toMatchObject({
        cluster_id: ids.twinMaster,
        master_id: ids.twinMaster,
        customer_id: 'H1',
        phone_ids: [ids.twinMaster, ids.twin].sort(),
        source_record_ids: { [ids.twinMaster]: [`SR-${ids.twinMaster}`], [ids.twin]: [`SR-${ids.twin}`] },
      });
      expect(group?.probability).toBeGreaterThanOrEqual(0.9);
      const merged = await t.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM customer_phones WHERE merged_into IS NOT NULL',
      );
      expect(merged[0]?.n).toBe(sut.merged_records);
    }, 120_000);

    it('writes MERGE audit rows with old and new values, and one event per group, under the merge id', async () => {
      const audits = await t.store.audit.listByPhone(seeded.ids.twin);
      const merge = audits.find((a) => a.operation === 'MERGE');
      expect(merge).toMatchObject({
        batch_id: `merge-${mergeId}`,
        changed_by: actor,
        old_values: { merged_into: null, is_primary: true },
        new_values: {
          merged_into: seeded.ids.twinMaster,
          is_primary: false,
          master_id: seeded.ids.twinMaster,
        },
      });
      const masterAudit = (await t.store.audit.listByPhone(seeded.ids.twinMaster)).find(
        (a) => a.operation === 'MERGE',
      );
      expect(masterAudit?.old_values).toMatchObject({ times_seen: 5 });
      expect(masterAudit?.new_values).toMatchObject({ times_seen: 6 });
      const events = await t.store.outbox.readAfter('0', { limit: 100_000 });
      const event = events.find(
        (e) => e.payload.operation === 'MERGE' && e.payload.master_id === seeded.ids.twinMaster,
      );
      expect(event).toMatchObject({
        key: 'H1',
        payload: { merge_id: mergeId, member_ids: [seeded.ids.twin] },
      });
      const set = await t.store.merges.get(mergeId);
      expect(set).toMatchObject({ kind: 'batch', status: 'applied', created_by: actor });
    });

    it('lists the shared number and the customers it links in the report', async () => {
      const sut = await dedupeReport(t.store);
      const shared = sut.shared_numbers.find((s) => s.phoneNumber === '+573155550000');
      expect(shared).toMatchObject({
        customerIds: ['H9a', 'H9b'],
        phoneIds: [seeded.ids.sharedA, seeded.ids.sharedB].sort(),
      });
      expect(sut.customer_links.some((l) => l.customerA === 'H9a' && l.customerB === 'H9b')).toBe(true);
    });

    it('explains a pair with the saved model: steps add up to the total', async () => {
      const sut = await explainStoredPair(t.store, seeded.ids.lineA, seeded.ids.lineB);
      expect(sut.model_version).toMatch(/^\d+$/);
      expect(sut.steps[0]?.name).toBe('prior');
      expect(sut.steps.find((s) => s.name === 'number')?.level).toBe('next_number');
      const sum = sut.steps.reduce((s, x) => s + x.weight, 0);
      expect(sum).toBeCloseTo(sut.totalWeight, 9);
      expect(sut.decision).not.toBe('auto_merge');
    });

    it('undoes the merge losslessly, with UNMERGE audit rows and events', async () => {
      const sut = await undoMerge(t.store, mergeId, actor);
      expect(sut.restored).toBeGreaterThan(0);
      const after = await snapshot(t);
      expect(after.size).toBe(beforeMerge.size);
      for (const [id, record] of beforeMerge) expect(after.get(id)).toEqual(record);
      const unmerge = (await t.store.audit.listByPhone(seeded.ids.twin)).find(
        (a) => a.operation === 'UNMERGE',
      );
      expect(unmerge).toMatchObject({
        old_values: { merged_into: seeded.ids.twinMaster },
        new_values: { merged_into: null },
      });
      const events = await t.store.outbox.readAfter('0', { limit: 100_000 });
      expect(events.some((e) => e.payload.operation === 'UNMERGE' && e.payload.merge_id === mergeId)).toBe(
        true,
      );
      expect((await t.store.merges.get(mergeId))?.status).toBe('undone');
      await expect(undoMerge(t.store, mergeId, actor)).rejects.toMatchObject({
        code: 'DEDUPE_ALREADY_UNDONE',
      });
    }, 120_000);

    it('refuses to undo a merge whose records changed afterwards', async () => {
      const run = await runDedupe(t.store, { actor, customerId: 'H1' });
      const id = run.merge_id as string;
      const master = (await t.store.phones.get(seeded.ids.twinMaster)) as PhoneRecord;
      await t.store.applyChanges({ updates: [{ ...master, carrier: 'Claro' }] });
      await expect(undoMerge(t.store, id, actor)).rejects.toMatchObject({ code: 'DEDUPE_UNDO_CONFLICT' });
      await t.store.applyChanges({ updates: [master] });
      await undoMerge(t.store, id, actor);
      expect((await t.store.phones.get(seeded.ids.twin))?.merged_into).toBeNull();
    }, 120_000);

    it('accepts and rejects review pairs: accepted pairs merge, both decisions are audited and become labels', async () => {
      const { ids } = seeded;
      await t.store.reviews.enqueue([
        {
          customer_id: 'H20',
          phone_a: ids.reviewB,
          phone_b: ids.reviewA,
          probability: 0.7,
          weight: 1.2,
          reason: 'between_thresholds',
          model_version: null,
        },
        {
          customer_id: 'H8',
          phone_a: ids.lineA,
          phone_b: ids.lineB,
          probability: 0.6,
          weight: 0.6,
          reason: 'between_thresholds',
          model_version: null,
        },
      ]);
      const pending = await t.store.reviews.list({ status: 'pending', limit: 1000 });
      const accept = pending.find((p) => p.customer_id === 'H20');
      const reject = pending.find((p) => p.customer_id === 'H8');
      expect(accept?.phone_a).toBe([ids.reviewA, ids.reviewB].sort((x, y) => Number(x) - Number(y))[0]);

      const accepted = await acceptReview(t.store, accept?.review_id as string, {
        actor,
        reason: 'same phone',
      });
      expect(accepted).toMatchObject({ status: 'accepted', master_id: ids.reviewA });
      expect((await t.store.phones.get(ids.reviewB))?.merged_into).toBe(ids.reviewA);
      expect((await t.store.merges.get(accepted.merge_id as string))?.kind).toBe('review');
      const reviewAudit = (await t.store.audit.listByPhone(ids.reviewB)).filter(
        (a) => (a.operation as string) === 'REVIEW',
      );
      expect(reviewAudit[0]).toMatchObject({
        changed_by: actor,
        change_reason: 'same phone',
        new_values: { status: 'accepted' },
      });

      const rejected = await rejectReview(t.store, reject?.review_id as string, {
        actor,
        reason: 'two lines',
      });
      expect(rejected.status).toBe('rejected');
      expect((await t.store.phones.get(ids.lineB))?.merged_into).toBeNull();
      expect(
        (await t.store.audit.listByPhone(ids.lineA)).some((a) => (a.operation as string) === 'REVIEW'),
      ).toBe(true);
      await expect(rejectReview(t.store, reject?.review_id as string, { actor })).rejects.toMatchObject({
        code: 'REVIEW_ALREADY_DECIDED',
      });

      const labels = await loadLabels(t.store);
      expect(labels.map((l) => [l.a.phone_id, l.b.phone_id, l.match])).toEqual(
        expect.arrayContaining([
          [accept?.phone_a, accept?.phone_b, true],
          [reject?.phone_a, reject?.phone_b, false],
        ]),
      );
      const run = await runDedupe(t.store, { actor, dryRun: true });
      expect(run.model.labelledPairs).toBe(labels.length);
    }, 120_000);

    it('matches a record inserted later at once: it joins the existing cluster under the same master id', async () => {
      const run = await runDedupe(t.store, { actor });
      expect((await t.store.phones.get(seeded.ids.twin))?.merged_into).toBe(seeded.ids.twinMaster);
      const online = createOnlineDedupe(t.store, { actor: 'import' });
      const [id] = await t.store.phones.reserveIds(1);
      const master = (await t.store.phones.get(seeded.ids.twinMaster)) as PhoneRecord;
      const late: PhoneRecord = {
        ...master,
        phone_id: id as string,
        phone_number: '+573001234576',
        is_verified: false,
        verification_method: null,
        is_primary: false,
        times_seen: 1,
        sources: ['web_forms'],
        source_system: 'web_forms',
        confidence_score: 0.99,
        merged_into: null,
      };
      await t.store.applyChanges({ inserts: [late] });
      const sut = await online.afterInsert([late]);
      expect(sut).toMatchObject({ matched: true, joined: 1 });
      expect((await t.store.phones.get(id as string))?.merged_into).toBe(seeded.ids.twinMaster);
      expect((await t.store.merges.get(sut.merge_id as string))?.kind).toBe('online');
      expect(run.model_version).not.toBeNull();
    }, 120_000);
  });
}
