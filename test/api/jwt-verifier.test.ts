import { SignJWT } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createJwtVerifier } from '../../src/api/auth/jwt-verifier.js';

const SECRET = 'a-development-secret-of-at-least-32-bytes';
const config = {
  issuer: 'https://idp.example',
  audience: 'phoneset',
  hs256Secret: SECRET,
  clockToleranceSeconds: 5,
};
const sign = (claims: { exp: number }, secret = SECRET) =>
  new SignJWT({ roles: ['reader'] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('client-1')
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setExpirationTime(claims.exp)
    .sign(new TextEncoder().encode(secret));
const nowS = () => Math.floor(Date.now() / 1000);

afterEach(() => {
  vi.useRealTimers();
});

describe('the verified-token cache', () => {
  it('refuses a remembered token once its exp (plus tolerance) has passed', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const verify = createJwtVerifier(config);
    const token = await sign({ exp: nowS() + 60 });
    expect((await verify(token)).subject).toBe('client-1');
    vi.setSystemTime(Date.now() + 62_000); // past exp, within the tolerance
    expect((await verify(token)).subject).toBe('client-1');
    vi.setSystemTime(Date.now() + 5_000); // past exp + tolerance
    await expect(verify(token)).rejects.toMatchObject({ params: { reason: 'token_expired' } });
  });

  it('never remembers a refusal: a bad token stays refused, a good one with the same claims passes', async () => {
    const verify = createJwtVerifier(config);
    const exp = nowS() + 600;
    const forged = await sign({ exp }, 'another-secret-another-secret-another-secret');
    for (let i = 0; i < 2; i++) {
      await expect(verify(forged)).rejects.toMatchObject({ params: { reason: 'bad_signature' } });
    }
    expect((await verify(await sign({ exp }))).roles).toEqual(['reader']);
  });

  it('with verifiedCacheSeconds 0, checks the signature on every call', async () => {
    const verify = createJwtVerifier({ ...config, verifiedCacheSeconds: 0 });
    const token = await sign({ exp: nowS() + 600 });
    await verify(token);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 700_000);
    await expect(verify(token)).rejects.toMatchObject({ params: { reason: 'token_expired' } });
  });
});
