import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../../src/core/rules/index.js';
import { reprocessBatches } from '../../../src/pipeline/reprocess/reprocess-batches.js';
import { BACKENDS } from '../../support/services.js';
import { createImportKit, type ImportKit } from './import-kit.js';

const FILE = [
  'customer_id,phone_number,phone_type',
  'RP-1,3157829146,mobile',
  'RP-2,3012458796,mobile',
  'RP-3,3209871345,mobile',
].join('\n');

for (const backend of BACKENDS) {
  describe(`reprocess on ${backend}`, { timeout: 240_000 }, () => {
    let kit: ImportKit;
    let batchId: string;
    beforeAll(async () => {
      kit = await createImportKit(backend);
      await kit.store.blacklist.add([{ phone_number: '+573209871345', reason: 'fraud', added_by: 'tester' }]);
      const summary = await kit.run(kit.file('rp.csv', FILE));
      expect(summary).toMatchObject({ inserted: 2, rejected: 1, by_reason: { BLACKLISTED: 1 } });
      batchId = summary.batch_id as string;
    });
    afterAll(() => kit.close());

    const run = (dryRun: boolean, rules = DEFAULT_RULES) =>
      reprocessBatches(
        { batches: [batchId], dryRun, actor: 'reviewer', rules },
        { ...kit.deps, store: kit.store },
      );

    it('finds nothing to change when rules and metadata are the same', async () => {
      const sut = await run(true);
      expect(sut).toMatchObject({ rows: 3, unchanged: 3, newly_valid: 0, newly_invalid: 0, changes: [] });
    });

    it('reports a number taken off the blacklist as newly valid, and on a dry run writes nothing', async () => {
      await kit.store.blacklist.remove(['+573209871345']);
      const audits = await kit.count('phone_audit_trail');
      const sut = await run(true);
      expect(sut).toMatchObject({ newly_valid: 1, unchanged: 2, applied: false });
      expect(sut.changes[0]).toMatchObject({
        row: 3,
        kind: 'newly_valid',
        before: null,
        customer_id: 'RP-3',
      });
      expect(await kit.count('phone_audit_trail')).toBe(audits);
      expect(await kit.store.phones.listByCustomer('RP-3')).toHaveLength(0);
    });

    it('applies the change with an audit row of reason reprocess', async () => {
      const sut = await run(false);
      expect(sut).toMatchObject({ newly_valid: 1, applied: true });
      const [record] = await kit.store.phones.listByCustomer('RP-3');
      expect(record?.phone_number).toBe('+573209871345');
      const [audit] = await kit.store.audit.listByPhone(record?.phone_id as string);
      expect(audit).toMatchObject({
        operation: 'INSERT',
        change_reason: 'reprocess',
        changed_by: 'reviewer',
      });
      expect((await run(true)).unchanged).toBe(3);
    });

    it('reports rows a stricter rule now rejects as newly invalid, and flags their records when applied', async () => {
      const strict = {
        ...DEFAULT_RULES,
        actions: { ...DEFAULT_RULES.actions, type_mismatch: 'reject' as const },
      };
      await kit.run(kit.file('rp-type.csv', 'customer_id,phone_number,phone_type\nRP-4,3186452019,fixed\n'));
      const [batch] = await kit.store.batches.list({ limit: 1 });
      const sut = await reprocessBatches(
        { batches: [batch?.batch_id as string], actor: 'reviewer', rules: strict },
        { ...kit.deps, store: kit.store },
      );
      expect(sut).toMatchObject({ newly_invalid: 1 });
      expect(sut.changes[0]?.after.reasons).toEqual(['TYPE_MISMATCH']);
      const [record] = await kit.store.phones.listByCustomer('RP-4');
      expect(record).toMatchObject({ is_valid: false });
      expect(record?.issues).toContain('TYPE_MISMATCH');
      const audits = await kit.store.audit.listByPhone(record?.phone_id as string);
      expect(audits.at(-1)?.change_reason).toMatch(/^reprocess: now rejected \(TYPE_MISMATCH\)/);
    });
  });
}
