import { Validator } from '@seriousme/openapi-schema-validator';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, type TestStore } from '../support/store.js';
import { buildTestApp } from './api-test-kit.js';

describe('GET /openapi.json', () => {
  let sut: FastifyInstance;
  let t: TestStore;
  beforeAll(async () => {
    t = await createTestStore('pglite');
    ({ sut } = await buildTestApp({ store: t.store, outboxPollMs: 0 }));
  });
  afterAll(async () => {
    await sut.close();
    await t.drop();
  });

  it('serves a valid OpenAPI 3.1 document without a credential', async () => {
    const res = await sut.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    const verdict = await new Validator().validate(doc);
    expect(verdict.errors ?? []).toEqual([]);
    expect(verdict.valid).toBe(true);
  });

  it('documents every API route with its security, and marks public routes open', async () => {
    const doc = (await sut.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/health',
        '/ready',
        '/metrics',
        '/v1/phones/validate',
        '/v1/phones/validate/batch',
      ]),
    );
    expect(doc.paths['/health'].get.security).toEqual([]);
    expect(doc.security).toEqual([{ bearerAuth: [] }, { apiKey: [] }]);
    expect(
      doc.paths['/v1/phones/validate'].post.requestBody.content['application/json'].schema
        .additionalProperties,
    ).toBe(false);
    expect(doc.components.schemas.PhoneResult).toBeDefined();
    expect(doc.components.schemas.ApiError).toBeDefined();
    expect(doc.paths['/openapi.json']).toBeUndefined();
  });
});
