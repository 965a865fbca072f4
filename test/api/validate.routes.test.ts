import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { normalizePhone } from '../../src/core/phone/normalize-phone.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { bearer, buildTestApp, signToken } from './api-test-kit.js';

let sut: FastifyInstance | undefined;
afterEach(async () => {
  await sut?.close();
  sut = undefined;
});

const post = async (app: FastifyInstance, url: string, payload: unknown) =>
  app.inject({
    method: 'POST',
    url,
    payload: payload as object,
    headers: bearer(await signToken(['reader'])),
  });

describe('POST /v1/phones/validate', () => {
  it('returns the full engine result, reading national numbers as Colombian by default', async () => {
    ({ sut } = await buildTestApp());
    const res = await post(sut, '/v1/phones/validate', { phone_number: '(601) 234 5678' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(
      JSON.parse(JSON.stringify(normalizePhone('(601) 234 5678', { defaultCountry: 'CO' }))),
    );
    expect(res.json().country_code).toBe('CO');
  });

  it('reads the number in the given country', async () => {
    ({ sut } = await buildTestApp());
    const res = await post(sut, '/v1/phones/validate', {
      phone_number: '(212) 555-0199',
      country_code: 'us',
    });
    expect(res.json().normalized).toBe('+12125550199');
    expect(res.json().country_code).toBe('US');
  });

  it('reports an unreadable value as a verdict, not an error', async () => {
    ({ sut } = await buildTestApp());
    const res = await post(sut, '/v1/phones/validate', { phone_number: 'call me maybe' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ normalized: null, is_valid: false });
    expect(res.json().issues.length).toBeGreaterThan(0);
  });

  it.each([
    [{ phone_number: '3001234567', extra: true }, 'body.extra', 'unknown field'],
    [{ country_code: 'CO' }, 'body.phone_number', 'required field missing'],
    [{ phone_number: 3001234567 }, 'body.phone_number', 'must be string'],
    [
      { phone_number: '3001234567', country_code: 'COL' },
      'body.country_code',
      'must match pattern "^[A-Za-z]{2}$"',
    ],
    [{ phone_number: '' }, 'body.phone_number', 'must NOT have fewer than 1 characters'],
  ])('refuses %j naming the field and the reason', async (payload, field, reason) => {
    ({ sut } = await buildTestApp());
    const res = await post(sut, '/v1/phones/validate', payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('API_BAD_REQUEST');
    expect(res.json().error.details.fields).toEqual([{ field, reason }]);
  });

  it('counts validations by status and country and times them', async () => {
    const metrics = createMetrics({ processMetrics: false });
    ({ sut } = await buildTestApp({ metrics }));
    await post(sut, '/v1/phones/validate', { phone_number: '3001234567' });
    await post(sut, '/v1/phones/validate', { phone_number: 'no number here' });
    const text = await metrics.registry.metrics();
    expect(text).toContain('phone_validations_total{status="valid",country="CO"} 1');
    expect(text).toContain('phone_validations_total{status="invalid",country="unknown"} 1');
    expect(text).toContain('phone_validation_duration_seconds_count 2');
  });
});

describe('POST /v1/phones/validate/batch', () => {
  it('validates each item with its own or the batch default country and sums up', async () => {
    ({ sut } = await buildTestApp());
    const res = await post(sut, '/v1/phones/validate/batch', {
      country_code: 'CO',
      items: [
        { phone_number: '3001234567' },
        { phone_number: '2125550199', country_code: 'US' },
        { phone_number: 'x' },
      ],
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.results.map((r: { country_code: string | null }) => r.country_code)).toEqual([
      'CO',
      'US',
      null,
    ]);
    expect(body.summary).toEqual({ total: 3, valid: 2, invalid: 1 });
  });

  it('accepts 1,000 items and refuses 1,001', async () => {
    ({ sut } = await buildTestApp());
    const items = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ phone_number: `300${String(i).padStart(7, '0')}` }));
    const ok = await post(sut, '/v1/phones/validate/batch', { items: items(1000) });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().results).toHaveLength(1000);
    const tooMany = await post(sut, '/v1/phones/validate/batch', { items: items(1001) });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.details.fields).toEqual([
      { field: 'body.items', reason: 'must NOT have more than 1000 items' },
    ]);
  });

  it('names the bad item by its index', async () => {
    ({ sut } = await buildTestApp());
    const res = await post(sut, '/v1/phones/validate/batch', {
      items: [{ phone_number: '3001234567' }, { phone_number: '3001234567', note: 'x' }],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields).toEqual([
      { field: 'body.items/1/note', reason: 'unknown field' },
    ]);
  });
});

describe('GET /metrics', () => {
  it('reports HTTP requests by route pattern and status, never the raw URL', async () => {
    ({ sut } = await buildTestApp());
    const headers = bearer(await signToken(['reader']));
    await sut.inject({
      method: 'POST',
      url: '/v1/phones/validate',
      headers,
      payload: { phone_number: '3001234567' },
    });
    await sut.inject({ method: 'GET', url: '/v1/does-not-exist/12345', headers });
    const res = await sut.inject({ method: 'GET', url: '/metrics', headers });
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toMatch(
      /http_requests_total\{method="POST",route="\/v1\/phones\/validate",status="200"\} 1/,
    );
    expect(res.body).toMatch(
      /http_request_duration_seconds_count\{method="POST",route="\/v1\/phones\/validate",status="200"\} 1/,
    );
    expect(res.body).toMatch(/http_requests_total\{method="GET",route="unmatched",status="404"\} 1/);
    expect(res.body).not.toContain('12345');
    for (const name of [
      'active_phone_records_total',
      'data_quality_score',
      'phone_validation_duration_seconds',
    ]) {
      expect(res.body).toContain(`# TYPE ${name}`);
    }
  });

  it('asks the store for the live record count on each scrape', async () => {
    let live = 41;
    const { createMetrics: create } = await import('../../src/observability/metrics.js');
    const metrics = create({ processMetrics: false, countActiveRecords: async () => ++live });
    ({ sut } = await buildTestApp({ metrics }));
    const headers = bearer(await signToken(['reader']));
    expect((await sut.inject({ method: 'GET', url: '/metrics', headers })).body).toContain(
      'active_phone_records_total 42',
    );
    expect((await sut.inject({ method: 'GET', url: '/metrics', headers })).body).toContain(
      'active_phone_records_total 43',
    );
  });
});
