import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS, ROLES, type Role } from '../../src/api/auth/roles.js';
import {
  AUDIENCE,
  bearer,
  buildTestApp,
  ISSUER,
  MapApiClientStore,
  SECRET,
  signToken,
} from './api-test-kit.js';

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const validate = {
  method: 'POST' as const,
  url: '/v1/phones/validate',
  payload: { phone_number: '3001234567' },
};
type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
const now = () => Math.floor(Date.now() / 1000);

let sut: FastifyInstance | undefined;
afterEach(async () => {
  await sut?.close();
  sut = undefined;
});

describe('HS256 development tokens', () => {
  it('accepts a valid token and refuses a request without credentials (401 + WWW-Authenticate)', async () => {
    ({ sut } = await buildTestApp());
    const ok = await sut.inject({ ...validate, headers: bearer(await signToken(['reader'])) });
    expect(ok.statusCode).toBe(200);
    const none = await sut.inject(validate);
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="phoneset"');
    expect(none.json().error.details.reason).toBe('missing_credentials');
  });

  it.each([
    ['expired', { exp: now() - 3600 }, 'token_expired'],
    ['wrongly signed', { secret: 'another-secret-another-secret-another-secret' }, 'bad_signature'],
    ['for another audience', { aud: 'some-other-api' }, 'wrong_audience'],
    ['from another issuer', { iss: 'https://evil.example' }, 'wrong_issuer'],
  ])('refuses a token that is %s', async (_label, overrides, reason) => {
    ({ sut } = await buildTestApp());
    const res = await sut.inject({ ...validate, headers: bearer(await signToken(['admin'], overrides)) });
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toMatchObject({ code: 'API_UNAUTHENTICATED', details: { reason } });
    expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it('refuses an unsigned alg:none token carrying every claim', async () => {
    ({ sut } = await buildTestApp());
    const claims = {
      sub: 'mallory',
      roles: ['admin', 'pii_reader'],
      iss: ISSUER,
      aud: AUDIENCE,
      exp: now() + 600,
    };
    const token = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`;
    const res = await sut.inject({ ...validate, headers: bearer(token) });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.details.reason).toBe('algorithm_not_allowed');
  });

  it('stops accepting a token that was accepted before, once it expires', async () => {
    ({ sut } = await buildTestApp({
      config: { jwt: { issuer: ISSUER, audience: AUDIENCE, hs256Secret: SECRET, clockToleranceSeconds: 0 } },
    }));
    const token = await signToken(['reader'], { exp: now() + 2 });
    expect((await sut.inject({ ...validate, headers: bearer(token) })).statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 3100));
    const late = await sut.inject({ ...validate, headers: bearer(token) });
    expect(late.statusCode).toBe(401);
    expect(late.json().error.details.reason).toBe('token_expired');
  });

  it('refuses a token without exp', async () => {
    ({ sut } = await buildTestApp());
    const token = await new SignJWT({ roles: ['reader'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('forever')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .sign(new TextEncoder().encode(SECRET));
    const res = await sut.inject({ ...validate, headers: bearer(token) });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.details.reason).toBe('bad_claim_exp');
  });

  it('refuses a garbage bearer value and a non-bearer scheme', async () => {
    ({ sut } = await buildTestApp());
    const garbage = await sut.inject({ ...validate, headers: bearer('a.b.c') });
    expect(garbage.statusCode).toBe(401);
    expect(garbage.json().error.details.reason).toBe('malformed_token');
    const basic = await sut.inject({ ...validate, headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(basic.statusCode).toBe(401);
    expect(basic.json().error.details.reason).toBe('bad_scheme');
  });

  it('refuses bearer tokens when no JWT verification is configured', async () => {
    ({ sut } = await buildTestApp({ config: { jwt: undefined } }));
    const res = await sut.inject({ ...validate, headers: bearer(await signToken(['reader'])) });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.details.reason).toBe('jwt_disabled');
  });
});

describe('JWKS tokens from an identity provider', () => {
  let jwksServer: Server;
  let jwksUrl: string;
  let signingKey: PrivateKey;
  let strangerKey: PrivateKey;
  let jwksRequests = 0;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    const stranger = await generateKeyPair('RS256');
    signingKey = pair.privateKey;
    strangerKey = stranger.privateKey;
    const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    jwksServer = createServer((_req, res) => {
      jwksRequests += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => jwksServer.close(() => resolve())));

  const rsToken = (
    key: PrivateKey,
    claims: { aud?: string; iss?: string; exp?: number; kid?: string } = {},
  ) =>
    new SignJWT({ roles: ['reader'] })
      .setProtectedHeader({ alg: 'RS256', kid: claims.kid ?? 'k1' })
      .setSubject('svc-crm')
      .setIssuer(claims.iss ?? ISSUER)
      .setAudience(claims.aud ?? AUDIENCE)
      .setExpirationTime(claims.exp ?? now() + 300)
      .sign(key);

  const buildJwksApp = () =>
    buildTestApp({ config: { jwt: { issuer: ISSUER, audience: AUDIENCE, jwksUrl, hs256Secret: SECRET } } });

  it('accepts a token signed by a key of the provider, fetching its JWKS over HTTP', async () => {
    ({ sut } = await buildJwksApp());
    const before = jwksRequests;
    const res = await sut.inject({ ...validate, headers: bearer(await rsToken(signingKey)) });
    expect(res.statusCode).toBe(200);
    expect(jwksRequests).toBeGreaterThan(before);
  });

  it.each([
    ['signed by a key the provider does not hold (same kid)', 'stranger', {}, 'bad_signature'],
    ['naming an unknown kid', 'stranger', { kid: 'k9' }, 'unknown_key'],
    ['expired', 'signing', { exp: now() - 3600 }, 'token_expired'],
    ['for another audience', 'signing', { aud: 'billing' }, 'wrong_audience'],
    ['from another issuer', 'signing', { iss: 'https://other-idp.example' }, 'wrong_issuer'],
  ] as const)('refuses a provider token %s', async (_label, which, claims, reason) => {
    ({ sut } = await buildJwksApp());
    const token = await rsToken(which === 'signing' ? signingKey : strangerKey, claims);
    const res = await sut.inject({ ...validate, headers: bearer(token) });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.details.reason).toBe(reason);
  });

  it('refuses an RS256-pinned provider token re-signed as HS256 with a guessed secret', async () => {
    ({ sut } = await buildTestApp({ config: { jwt: { issuer: ISSUER, audience: AUDIENCE, jwksUrl } } }));
    const res = await sut.inject({ ...validate, headers: bearer(await signToken(['admin'])) });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.details.reason).toBe('algorithm_not_allowed');
  });
});

describe('API keys', () => {
  it('accepts a key in X-API-Key and as Authorization: Bearer', async () => {
    const clients = new MapApiClientStore();
    const key = clients.add({ name: 'crm', roles: ['reader'] });
    ({ sut } = await buildTestApp({ apiClients: clients }));
    expect((await sut.inject({ ...validate, headers: { 'x-api-key': key } })).statusCode).toBe(200);
    expect((await sut.inject({ ...validate, headers: bearer(key) })).statusCode).toBe(200);
  });

  it('keeps only the hash: the store never sees the key itself', async () => {
    const clients = new MapApiClientStore();
    const key = clients.add({ name: 'crm', roles: ['reader'] });
    expect([...clients.byHash.keys()][0]).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify([...clients.byHash])).not.toContain(key);
  });

  it('refuses an unknown key, a revoked key, and two credentials at once', async () => {
    const clients = new MapApiClientStore();
    const revoked = clients.add({ name: 'old', roles: ['admin'], revoked_at: new Date('2026-01-01') });
    const good = clients.add({ name: 'crm', roles: ['reader'] });
    ({ sut } = await buildTestApp({ apiClients: clients }));
    const unknown = await sut.inject({
      ...validate,
      headers: { 'x-api-key': 'psk_thisKeyWasNeverIssuedToAnyone' },
    });
    expect(unknown.json().error.details.reason).toBe('unknown_api_key');
    const gone = await sut.inject({ ...validate, headers: { 'x-api-key': revoked } });
    expect(gone.json().error.details.reason).toBe('revoked_api_key');
    const both = await sut.inject({
      ...validate,
      headers: { 'x-api-key': good, ...bearer(await signToken(['reader'])) },
    });
    expect(both.statusCode).toBe(401);
    expect(both.json().error.details.reason).toBe('ambiguous_credentials');
  });

  it('remembers a key lookup briefly so the store is not asked on every request', async () => {
    const clients = new MapApiClientStore();
    const key = clients.add({ name: 'crm', roles: ['reader'] });
    ({ sut } = await buildTestApp({ apiClients: clients }));
    for (let i = 0; i < 5; i++) await sut.inject({ ...validate, headers: { 'x-api-key': key } });
    expect(clients.lookups).toBe(1);
  });
});

describe('roles and permissions', () => {
  const mayValidate = ROLES.filter((role) => ROLE_PERMISSIONS[role].includes('phones:validate'));

  it.each(ROLES)('lets role %s validate only if it holds phones:validate', async (role: Role) => {
    ({ sut } = await buildTestApp());
    const res = await sut.inject({ ...validate, headers: bearer(await signToken([role])) });
    if (mayValidate.includes(role)) {
      expect(res.statusCode).toBe(200);
    } else {
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toMatchObject({
        code: 'API_FORBIDDEN',
        details: { permission: 'phones:validate' },
      });
    }
  });

  it('grants nothing for a token whose roles are unknown', async () => {
    ({ sut } = await buildTestApp());
    const res = await sut.inject({ ...validate, headers: bearer(await signToken(['root', 'superuser'])) });
    expect(res.statusCode).toBe(403);
  });

  it('keeps unmasked numbers to pii_reader alone', () => {
    const withPii = ROLES.filter((role) => ROLE_PERMISSIONS[role].includes('phones:read_pii'));
    expect(withPii).toEqual(['pii_reader']);
  });

  it('lets any authenticated client scrape /metrics but nobody anonymous', async () => {
    ({ sut } = await buildTestApp());
    expect((await sut.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const res = await sut.inject({
      method: 'GET',
      url: '/metrics',
      headers: bearer(await signToken(['auditor'])),
    });
    expect(res.statusCode).toBe(200);
  });
});
