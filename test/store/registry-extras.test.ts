import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/services.js';
import { createTestStore, type TestStore } from '../support/store.js';

for (const backend of BACKENDS) {
  describe(`blacklist, metrics and releases on ${backend}`, () => {
    let t: TestStore;
    beforeAll(async () => {
      t = await createTestStore(backend);
    });
    afterAll(() => t.drop());

    it('adds, finds, lists and removes blacklisted numbers by blind index', async () => {
      const sut = t.store.blacklist;
      expect(
        await sut.add([
          { phone_number: '+573001111111', reason: 'fraud', added_by: 'ops' },
          { phone_number: '+573002222222', reason: 'test number', added_by: 'ops' },
          { phone_number: '+573001111111', reason: 'again', added_by: 'ops' },
        ]),
      ).toBe(2);
      expect(await sut.add([{ phone_number: '+573001111111', reason: 'third', added_by: 'x' }])).toBe(0);
      expect(await sut.has(['+573001111111', '+573003333333'])).toEqual(new Set(['+573001111111']));
      const listed = [];
      for await (const e of sut.list()) listed.push([e.phone_number, e.reason]);
      expect(listed.sort()).toEqual([
        ['+573001111111', 'fraud'],
        ['+573002222222', 'test number'],
      ]);
      expect(await sut.remove(['+573002222222', '+573009999999'])).toBe(1);
      expect(await sut.count()).toBe(1);
    });

    it('records quality measurements and lists them newest first', async () => {
      const sut = t.store.metrics;
      const batch = await t.store.batches.create({ source: 'web_forms' });
      const first = await sut.insert({
        level: 'batch',
        batch_id: batch.batch_id,
        total_records: 100,
        valid_records: 97,
        invalid_records: 3,
        duplicate_records: 1,
        completeness_score: 0.99,
        accuracy_score: 0.97,
        quality_grade: 'B',
        details: { by_reason: { TOO_SHORT: 3 } },
        execution_date: new Date('2026-11-27T12:00:00Z'),
      });
      const second = await sut.insert({
        level: 'registry',
        dataset_version: '2026.11.28-1',
        total_records: 1000,
        valid_records: 990,
        invalid_records: 10,
        duplicate_records: 0,
      });
      expect(first).toMatchObject({
        execution_date: '2026-11-27',
        completeness_score: 0.99,
        details: { by_reason: { TOO_SHORT: 3 } },
      });
      expect((await sut.list()).map((m) => m.metric_id)).toEqual([second.metric_id, first.metric_id]);
      expect((await sut.list({ level: 'batch' })).map((m) => m.metric_id)).toEqual([first.metric_id]);
      expect(await sut.get(second.metric_id)).toEqual(second);
      await expect(
        sut.insert({
          level: 'batch',
          total_records: 1,
          valid_records: 1,
          invalid_records: 0,
          duplicate_records: 0,
        }),
      ).rejects.toThrow();
    });

    it('moves stage pointers between releases and keeps the history', async () => {
      const sut = t.store.releases;
      const base = {
        created_by: 'ci',
        record_count: 10,
        sha256: 'a'.repeat(64),
        lake_path: null,
        metric_id: null,
        gate: { passed: true },
        notes: null,
      };
      await sut.create({
        ...base,
        release_id: 'r1',
        parent_id: null,
        created_at: new Date('2026-11-01T00:00:00Z'),
      });
      await sut.create({ ...base, release_id: 'r2', parent_id: 'r1' });
      await sut.moveStage('prod', 'r1', 'promote', 'ops');
      await sut.moveStage('dev', 'r2', 'promote', 'ci');
      await sut.moveStage('prod', 'r2', 'promote', 'ops');
      await sut.moveStage('prod', 'r1', 'rollback', 'ops');
      expect((await sut.stages()).map((s) => [s.stage, s.release_id])).toEqual([
        ['dev', 'r2'],
        ['prod', 'r1'],
      ]);
      expect((await sut.history('prod')).map((m) => [m.release_id, m.action])).toEqual([
        ['r1', 'rollback'],
        ['r2', 'promote'],
        ['r1', 'promote'],
      ]);
      expect((await sut.list()).map((r) => r.release_id)).toEqual(['r2', 'r1']);
      await expect(sut.moveStage('prod', 'nope', 'promote', 'ops')).rejects.toMatchObject({
        code: 'STORE_NOT_FOUND',
      });
    });
  });
}
