import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { HTTP_STATUS } from '../../src/api/http/error-handler.js';
import { ERROR_CATALOGUE, type ErrorCode } from '../../src/core/errors.js';
import { bearer, buildTestApp, signToken } from './api-test-kit.js';

let sut: FastifyInstance | undefined;
afterEach(async () => {
  await sut?.close();
  sut = undefined;
});

describe('health and readiness', () => {
  it('answers /health without a credential', async () => {
    ({ sut } = await buildTestApp());
    const res = await sut.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('reports ready when the store says so, with its details', async () => {
    ({ sut } = await buildTestApp({
      readiness: { check: async () => ({ ok: true, details: { migrations: 7 } }) },
    }));
    const res = await sut.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready', details: { migrations: 7 } });
  });

  it('answers 503 API_NOT_READY with the reason when migrations are pending', async () => {
    ({ sut } = await buildTestApp({
      readiness: { check: async () => ({ ok: false, reason: '2 migrations pending' }) },
    }));
    const res = await sut.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).toBe(503);
    expect(res.json().error).toMatchObject({
      code: 'API_NOT_READY',
      message: 'Service not ready: 2 migrations pending',
    });
  });

  it('answers 503 when the store cannot be reached, without leaking the cause', async () => {
    ({ sut } = await buildTestApp({
      readiness: {
        check: async () => {
          throw new Error('connect ECONNREFUSED 10.0.0.9:5432 password=hunter2');
        },
      },
    }));
    const res = await sut.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).toBe(503);
    expect(res.body).not.toContain('hunter2');
    expect(res.json().error.code).toBe('API_NOT_READY');
  });

  it('is not ready when no store is wired', async () => {
    ({ sut } = await buildTestApp());
    expect((await sut.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(503);
  });
});

describe('error responses', () => {
  it('gives every API_ code of the catalogue an HTTP status', () => {
    const apiCodes = (Object.keys(ERROR_CATALOGUE) as ErrorCode[]).filter((code) => code.startsWith('API_'));
    expect(apiCodes.length).toBeGreaterThan(5);
    for (const code of apiCodes) expect(HTTP_STATUS[code], code).toBeGreaterThanOrEqual(400);
  });

  it('answers an unknown route with a JSON 404', async () => {
    ({ sut } = await buildTestApp());
    const res = await sut.inject({
      method: 'GET',
      url: '/v1/nothing?x=1',
      headers: bearer(await signToken(['reader'])),
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: {
        code: 'API_ROUTE_NOT_FOUND',
        message: 'No route GET /v1/nothing',
        details: { method: 'GET', url: '/v1/nothing' },
      },
    });
  });

  it('answers malformed JSON with 400 API_BAD_REQUEST', async () => {
    ({ sut } = await buildTestApp());
    const res = await sut.inject({
      method: 'POST',
      url: '/v1/phones/validate',
      headers: { ...bearer(await signToken(['reader'])), 'content-type': 'application/json' },
      payload: '{"phone_number": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'API_BAD_REQUEST',
      message: 'Bad request: body is not valid JSON',
    });
  });

  it('refuses a body that is not JSON with 415', async () => {
    ({ sut } = await buildTestApp());
    const res = await sut.inject({
      method: 'POST',
      url: '/v1/phones/validate',
      headers: { ...bearer(await signToken(['reader'])), 'content-type': 'text/plain' },
      payload: '3001234567',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('API_UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses a body over the size limit with 413', async () => {
    ({ sut } = await buildTestApp({ config: { bodyLimitBytes: 200 } }));
    const res = await sut.inject({
      method: 'POST',
      url: '/v1/phones/validate',
      headers: bearer(await signToken(['reader'])),
      payload: { phone_number: '3'.repeat(300) },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({ code: 'API_PAYLOAD_TOO_LARGE', details: { limit: 200 } });
  });

  it('hides an internal failure behind API_INTERNAL and the request id, with no stack trace', async () => {
    ({ sut } = await buildTestApp({
      validatePhone: () => {
        throw new Error('engine exploded at /srv/secret/path.ts:12');
      },
    }));
    const res = await sut.inject({
      method: 'POST',
      url: '/v1/phones/validate',
      headers: bearer(await signToken(['reader'])),
      payload: { phone_number: '3001234567' },
    });
    expect(res.statusCode).toBe(500);
    const body = res.json();
    expect(body.error.code).toBe('API_INTERNAL');
    expect(body.error.details.request_id).toEqual(expect.any(String));
    expect(res.body).not.toMatch(/exploded|secret|\.ts:|at /);
  });
});

describe('HTTP hardening', () => {
  it('sends security headers: the API set on API responses, errors included', async () => {
    ({ sut } = await buildTestApp());
    for (const res of [
      await sut.inject({ method: 'GET', url: '/health' }),
      await sut.inject({ method: 'GET', url: '/v1/phones/C1' }), // 401
      await sut.inject({ method: 'GET', url: '/nowhere' }), // 404
    ]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['strict-transport-security']).toContain('max-age=');
      expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('sends the page set (a CSP for the documentation UI) on /docs', async () => {
    ({ sut } = await buildTestApp());
    const res = await sut.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('sends no CORS headers by default', async () => {
    ({ sut } = await buildTestApp());
    const res = await sut.inject({
      method: 'OPTIONS',
      url: '/v1/phones/validate',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows only the configured origins when CORS is on', async () => {
    ({ sut } = await buildTestApp({ config: { corsOrigins: ['https://crm.example'] } }));
    const allowed = await sut.inject({
      method: 'OPTIONS',
      url: '/v1/phones/validate',
      headers: { origin: 'https://crm.example', 'access-control-request-method': 'POST' },
    });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://crm.example');
    const other = await sut.inject({
      method: 'OPTIONS',
      url: '/v1/phones/validate',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('documentation', () => {
  it('serves the docs page without a credential', async () => {
    ({ sut } = await buildTestApp());
    const res = await sut.inject({ method: 'GET', url: '/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
  });
});
