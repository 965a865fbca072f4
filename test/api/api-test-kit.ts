import type { FastifyInstance } from 'fastify';
import { SignJWT } from 'jose';
import type { ApiDeps } from '../../src/api/api-deps.js';
import type { ApiClientRecord, ApiClientStore } from '../../src/api/auth/api-client-store.js';
import { generateApiKey } from '../../src/api/auth/generate-api-key.js';
import { hashApiKey } from '../../src/api/auth/hash-api-key.js';
import type { Role } from '../../src/api/auth/roles.js';
import { buildApp } from '../../src/api/build-app.js';

export const ISSUER = 'https://idp.test.phoneset';
export const AUDIENCE = 'phoneset-api';
export const SECRET = 'test-secret-test-secret-test-secret-0123456789';

/** An `ApiClientStore` over a Map: the port's contract, for tests that run before a store exists. */
export class MapApiClientStore implements ApiClientStore {
  readonly byHash = new Map<string, ApiClientRecord>();
  lookups = 0;

  /** Registers a client and returns its plaintext key (only the hash is kept). */
  add(record: Omit<ApiClientRecord, 'client_id'> & { client_id?: string }): string {
    const key = generateApiKey();
    this.byHash.set(hashApiKey(key), { client_id: record.client_id ?? record.name, ...record });
    return key;
  }

  async findByKeyHash(keyHash: string): Promise<ApiClientRecord | null> {
    this.lookups += 1;
    return this.byHash.get(keyHash) ?? null;
  }
}

/** Signs an HS256 development token; `overrides` bends one claim at a time for refusal tests. */
export async function signToken(
  roles: Role[] | string[],
  overrides: { sub?: string; iss?: string; aud?: string; exp?: number | string; secret?: string } = {},
): Promise<string> {
  return new SignJWT({ roles })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(overrides.sub ?? `client-${roles.join('-') || 'none'}`)
    .setIssuer(overrides.iss ?? ISSUER)
    .setAudience(overrides.aud ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(overrides.exp ?? '5m')
    .sign(new TextEncoder().encode(overrides.secret ?? SECRET));
}

/** Builds the app with local HS256 auth and an in-memory client store. */
export async function buildTestApp(
  deps: ApiDeps = {},
): Promise<{ sut: FastifyInstance; clients: MapApiClientStore }> {
  const clients = (deps.apiClients as MapApiClientStore | undefined) ?? new MapApiClientStore();
  const sut = await buildApp({
    ...deps,
    apiClients: clients,
    config: {
      logger: false,
      jwt: { issuer: ISSUER, audience: AUDIENCE, hs256Secret: SECRET },
      ...deps.config,
    },
  });
  return { sut, clients };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
