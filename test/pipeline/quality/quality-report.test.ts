import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUALITY_ENGINE } from '../../../src/cli/commands/quality-report.command.js';
import { buildQualityReport, loadSuite, measureBatch, runGate } from '../../../src/pipeline/quality/index.js';
import { BACKENDS } from '../../support/services.js';
import { createImportKit, type ImportKit } from '../import/import-kit.js';
import { mixedCsv } from './quality-fixtures.js';

const suite = loadSuite();

for (const backend of BACKENDS) {
  describe(`quality report on ${backend}`, () => {
    let kit: ImportKit;
    let batchId: string;
    const now = new Date();

    beforeAll(async () => {
      kit = await createImportKit(backend);
      const summary = await kit.run(kit.file('mixed.csv', mixedCsv(now)));
      batchId = summary.batch_id as string;
    }, 300_000);
    afterAll(() => kit.close());

    it('reports the registry numbers computed by hand', async () => {
      const sut = await buildQualityReport(kit.store, { suite, engine: QUALITY_ENGINE, now });
      const m = sut.report.evaluation.metrics;
      // Records: C1×2, C2, C3 (invalid, flagged), C4 = 5 records of 4 customers.
      expect(m.total).toBe(5);
      expect(m.valid).toBe(4);
      expect(m.scores.accuracy).toBeCloseTo(4 / 5, 10);
      expect(m.scores.validity).toBeCloseTo(4 / 5, 10);
      // C1, C2 and C4 have a valid phone; C3 has none.
      expect(m.scores.completeness).toBeCloseTo(3 / 4, 10);
      // C1's 2020 number is older than the 720 h registry SLA.
      expect(m.scores.timeliness).toBeCloseTo(4 / 5, 10);
      expect(m.scores.uniqueness).toBe(1);
      expect(sut.report.dataset_version).toMatch(/^sha256:[0-9a-f]{12}$/);
    });

    it('stores the run in data_quality_metrics with its dataset version and reads it back as history', async () => {
      const sut = await buildQualityReport(kit.store, { suite, engine: QUALITY_ENGINE, now });
      const [stored] = await kit.store.metrics.list({ level: 'registry', limit: 1 });
      expect(stored?.metric_id).toBe(sut.metric_id);
      expect(stored?.dataset_version).toBe(sut.report.dataset_version);
      expect(stored?.total_records).toBe(5);
      expect(stored?.accuracy_score).toBeCloseTo(0.8, 10);
      expect(sut.report.history.filter((h) => h.level === 'registry').length).toBeGreaterThanOrEqual(2);
    });

    it('measures the batch from its lineage and rejects, as the source sent it', async () => {
      const batch = await kit.store.batches.get(batchId);
      if (!batch) throw new Error(`batch ${batchId} was not stored`);
      const sut = await measureBatch(kit.store, batch, { suite, engine: QUALITY_ENGINE });
      const m = sut.metrics;
      expect(m.total).toBe(7);
      // Row 6 has no customer id.
      expect(m.scores.completeness).toBeCloseTo(6 / 7, 10);
      // Row 4 is invalid for its plan (and so fails the rules).
      expect(m.scores.accuracy).toBeCloseTo(5 / 6, 10);
      expect(m.scores.validity).toBeCloseTo(5 / 6, 10);
      // Row 7 repeats row 1.
      expect(m.scores.uniqueness).toBeCloseTo(4 / 5, 10);
      const accuracy = sut.results.find((r) => r.expectation === 'accuracy');
      expect(accuracy?.passed).toBe(false);
    });

    it('stores batch metrics with level batch and the batch id once the gate has seen it', async () => {
      const run = await runGate(kit.store, { suite, engine: QUALITY_ENGINE, now });
      expect(run.blocking).toEqual([batchId]);
      const rows = await kit.store.metrics.list({ level: 'batch', batch_id: batchId });
      expect(rows).toHaveLength(1);
      expect(rows[0]?.total_records).toBe(7);
    });
  });
}
