import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/store/audit.repository.js';
import type { QuarantineInput } from '../../src/store/quarantine.repository.js';
import { BACKENDS } from '../support/services.js';
import { createTestStore, type TestStore } from '../support/store.js';

const audit = (batch_id: string, reason: string): AuditEntry => ({
  phone_id: null,
  customer_id: null,
  operation: 'UPDATE',
  old_values: { batch_status: 'processing' },
  new_values: { batch_status: 'quarantined' },
  changed_by: 'tester',
  change_reason: reason,
  batch_id,
});

function input(batch_id: string, overrides: Partial<QuarantineInput> = {}): QuarantineInput {
  return {
    batch_id,
    quarantined_by: 'tester',
    suite_file: 'config/expectations.yaml',
    reason: 'failed completeness',
    failures: [
      {
        expectation: 'completeness',
        severity: 'error',
        observed: 0.4,
        threshold: 0.95,
        failing: 3,
        message: 'completeness 40.0%',
      },
    ],
    evaluation: { level: 'batch', results: [] },
    counts: { received: 5, inserted: 2, rejected: 3 },
    batch: { status: 'quarantined', error: 'quarantined by its quality checks' },
    audit: audit(batch_id, 'batch quarantined: failed completeness'),
    event: { topic: 'phoneset-quality', key: batch_id, payload: { event: 'batch_quarantined', batch_id } },
    ...overrides,
  };
}

for (const backend of BACKENDS) {
  describe(`quarantined batches on ${backend}`, () => {
    let t: TestStore;
    beforeAll(async () => {
      t = await createTestStore(backend);
    });
    afterAll(() => t.drop());

    const count = async (sql: string, params: unknown[] = []) =>
      (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params))[0]?.n;

    it('writes the verdict, the batch status, its audit row and its event together', async () => {
      const batch = await t.store.batches.create({ source: 'web_forms', status: 'processing' });
      const sut = await t.store.quarantine.quarantine(input(batch.batch_id));
      expect(sut).toMatchObject({
        batch_id: batch.batch_id,
        reason: 'failed completeness',
        resolution: null,
        counts: { received: 5 },
      });
      expect(sut.failures[0]).toMatchObject({ expectation: 'completeness', failing: 3 });
      expect((await t.store.batches.get(batch.batch_id))?.status).toBe('quarantined');
      expect(await count('phone_audit_trail WHERE batch_id = $1', [batch.batch_id])).toBe(1);
      expect(
        await count("outbox_events WHERE topic = 'phoneset-quality' AND key = $1", [batch.batch_id]),
      ).toBe(1);
      expect((await t.store.quarantine.list({ open: true })).map((q) => q.batch_id)).toContain(
        batch.batch_id,
      );
    });

    it('writes nothing at all when one part fails', async () => {
      const batch = await t.store.batches.create({ source: 'web_forms', status: 'processing' });
      const events = await count('outbox_events');
      const bad = input(batch.batch_id, {
        // The audit operation is checked by the table: the whole transaction rolls back.
        audit: { ...audit(batch.batch_id, 'x'), operation: 'QUARANTINE' as AuditEntry['operation'] },
      });
      await expect(t.store.quarantine.quarantine(bad)).rejects.toThrow();
      expect(await t.store.quarantine.get(batch.batch_id)).toBeUndefined();
      expect((await t.store.batches.get(batch.batch_id))?.status).toBe('processing');
      expect(await count('phone_audit_trail WHERE batch_id = $1', [batch.batch_id])).toBe(0);
      expect(await count('outbox_events')).toBe(events);
    });

    it('ends an open quarantine once, with who, when and why; a second end is a conflict', async () => {
      const batch = await t.store.batches.create({ source: 'web_forms', status: 'processing' });
      await t.store.quarantine.quarantine(input(batch.batch_id));
      const resolution = {
        resolution: 'removed' as const,
        resolved_by: 'ana',
        reason: 'wrong file',
        batch: { status: 'removed' as const },
        audit: audit(batch.batch_id, 'quarantined batch removed: wrong file'),
        event: { topic: 'phoneset-quality', key: batch.batch_id, payload: { event: 'batch_removed' } },
      };
      const sut = await t.store.quarantine.resolve(batch.batch_id, resolution);
      expect(sut).toMatchObject({
        resolution: 'removed',
        resolved_by: 'ana',
        resolution_reason: 'wrong file',
      });
      expect(sut.resolved_at).toBeInstanceOf(Date);
      expect((await t.store.batches.get(batch.batch_id))?.status).toBe('removed');
      await expect(t.store.quarantine.resolve(batch.batch_id, resolution)).rejects.toThrow(
        /not in an open quarantine/,
      );
      expect(await count('phone_audit_trail WHERE batch_id = $1', [batch.batch_id])).toBe(2);
      expect((await t.store.quarantine.list({ open: true })).map((q) => q.batch_id)).not.toContain(
        batch.batch_id,
      );
    });

    it('quarantines a batch again with a new verdict after a re-run that still fails', async () => {
      const batch = await t.store.batches.create({ source: 'web_forms', status: 'processing' });
      await t.store.quarantine.quarantine(input(batch.batch_id));
      const again = await t.store.quarantine.quarantine(
        input(batch.batch_id, { reason: 'failed validity', quarantined_by: 'ana' }),
      );
      expect(again).toMatchObject({ reason: 'failed validity', quarantined_by: 'ana', resolution: null });
      expect(await count('batch_quarantine WHERE batch_id = $1', [batch.batch_id])).toBe(1);
    });
  });
}
