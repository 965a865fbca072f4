import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QualityService } from '../../src/api/quality/quality.service.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { BACKENDS } from '../support/services.js';
import { createTestStore, type TestStore } from '../support/store.js';
import { bearer, buildTestApp, signToken } from './api-test-kit.js';

for (const backend of BACKENDS) {
  describe(`quality routes on ${backend}`, () => {
    let t: TestStore;
    let sut: FastifyInstance;
    let quality: QualityService;
    const reader = async () => bearer(await signToken(['reader']));

    beforeAll(async () => {
      t = await createTestStore(backend);
      quality = new QualityService(t.store);
      const metrics = createMetrics({
        processMetrics: false,
        latestQuality: async () => {
          const [latest] = await quality.history({ level: 'registry', limit: 1 });
          return latest ? { ...latest.scores } : undefined;
        },
      });
      ({ sut } = await buildTestApp({ store: t.store, quality, metrics, outboxPollMs: 0 }));
      const records = [
        { customer_id: 'Q1', phone_number: '3157281946', source_system: 'crm_salesforce' },
        { customer_id: 'Q2', phone_number: '3204867153', source_system: 'web_forms' },
        { customer_id: 'Q3', phone_number: '12345', source_system: 'web_forms' },
      ];
      await sut.inject({
        method: 'POST',
        url: '/v1/phones',
        headers: bearer(await signToken(['writer'])),
        payload: { records },
      });
    });
    afterAll(async () => {
      await sut?.close();
      await t?.drop();
    });

    it('measures the registry now when nothing is stored', async () => {
      const res = await sut.inject({ method: 'GET', url: '/v1/quality', headers: await reader() });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({
        source: 'measured',
        level: 'registry',
        metric_id: null,
        total_records: 2,
      });
      expect(body.scores.accuracy).toBe(1);
      expect(body.grade).toMatch(/^[A-F]$/);
    });

    it('answers the latest stored measurement, lists the history newest first, and feeds the gauge', async () => {
      await t.store.metrics.insert({
        level: 'registry',
        total_records: 10,
        valid_records: 9,
        invalid_records: 1,
        duplicate_records: 0,
        completeness_score: 0.9,
        accuracy_score: 0.9,
        uniqueness_score: 1,
        validity_score: 0.8,
        timeliness_score: 1,
        quality_grade: 'C',
      });
      await t.store.metrics.insert({
        level: 'registry',
        total_records: 12,
        valid_records: 12,
        invalid_records: 0,
        duplicate_records: 0,
        completeness_score: 1,
        accuracy_score: 0.99,
        uniqueness_score: 1,
        validity_score: 0.98,
        timeliness_score: 1,
        quality_grade: 'A',
      });
      const latest = (
        await sut.inject({ method: 'GET', url: '/v1/quality', headers: await reader() })
      ).json();
      expect(latest).toMatchObject({
        source: 'stored',
        total_records: 12,
        grade: 'A',
        scores: { accuracy: 0.99 },
      });

      const history = (
        await sut.inject({
          method: 'GET',
          url: '/v1/quality/history?level=registry&limit=5',
          headers: await reader(),
        })
      ).json().history;
      expect(history.map((h: { total_records: number }) => h.total_records)).toEqual([12, 10]);

      const text = (
        await sut.inject({ method: 'GET', url: '/metrics', headers: bearer(await signToken(['admin'])) })
      ).body;
      expect(text).toMatch(/data_quality_score\{dimension="accuracy"\} 0\.99/);
      expect(text).toMatch(/data_quality_score\{dimension="validity"\} 0\.98/);
    });

    it('refuses unknown query fields and callers without read permission', async () => {
      expect(
        (await sut.inject({ method: 'GET', url: '/v1/quality?x=1', headers: await reader() })).statusCode,
      ).toBe(400);
      const auditor = bearer(await signToken(['auditor']));
      expect(
        (await sut.inject({ method: 'GET', url: '/v1/quality/history', headers: auditor })).statusCode,
      ).toBe(403);
    });
  });
}
