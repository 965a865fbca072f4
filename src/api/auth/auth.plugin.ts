import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { LRUCache } from 'lru-cache';
import { PhonesetError } from '../../core/errors.js';
import { routeOf } from '../http/route-of.js';
import type { ApiClientRecord, ApiClientStore } from './api-client-store.js';
import { API_KEY_PREFIX } from './generate-api-key.js';
import { hashApiKey } from './hash-api-key.js';
import { createJwtVerifier, type JwtConfig } from './jwt-verifier.js';
import type { Principal } from './principal.js';
import { permissionsOf, toRoles } from './roles.js';
import '../http/fastify-types.js';

export interface AuthPluginOptions {
  jwt?: JwtConfig | undefined;
  apiClients?: ApiClientStore | undefined;
  apiKeyCacheTtlMs: number;
}

type Credential = { kind: 'jwt'; token: string } | { kind: 'api_key'; key: string };

const unauthenticated = (detail: string, reason: string) =>
  new PhonesetError('API_UNAUTHENTICATED', { detail, reason });

/** A bearer value with three dot-separated parts is a JWT; our keys carry a prefix and no dots. */
function looksLikeJwt(value: string): boolean {
  return !value.startsWith(API_KEY_PREFIX) && value.split('.').length === 3;
}

/** Reads the one credential of a request: `X-API-Key: KEY`, `Authorization: Bearer KEY` or `Authorization: Bearer JWT`. */
function readCredential(request: FastifyRequest): Credential {
  const apiKeyHeader = request.headers['x-api-key'];
  const authorization = request.headers.authorization;
  if (Array.isArray(apiKeyHeader))
    throw unauthenticated('send one X-API-Key header', 'ambiguous_credentials');
  if (apiKeyHeader !== undefined && authorization !== undefined) {
    throw unauthenticated('send either X-API-Key or Authorization, not both', 'ambiguous_credentials');
  }
  if (apiKeyHeader !== undefined) return { kind: 'api_key', key: apiKeyHeader.trim() };
  if (authorization === undefined) {
    throw unauthenticated('send Authorization: Bearer <token or key>, or X-API-Key', 'missing_credentials');
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match?.[1]) throw unauthenticated('Authorization must be "Bearer <token or key>"', 'bad_scheme');
  const value = match[1];
  return looksLikeJwt(value) ? { kind: 'jwt', token: value } : { kind: 'api_key', key: value };
}

/**
 * Authentication and authorisation for every route, default deny: a route is
 * open only when its config says `public: true`; otherwise it needs a valid JWT
 * or API key, and the permission its config names. Sets `request.principal`.
 *
 * @example
 * await app.register(authPlugin, { jwt: config.jwt, apiClients, apiKeyCacheTtlMs: 10_000 });
 * app.get('/v1/x', { config: { permission: 'phones:read' } }, handler);
 */
export const authPlugin = fp<AuthPluginOptions>(
  async (app: FastifyInstance, options) => {
    const verifyJwt = options.jwt ? createJwtVerifier(options.jwt) : undefined;
    const apiClients = options.apiClients;
    // Keeps the store out of the hot path; a revoked key stops working within the TTL.
    const clientCache = new LRUCache<string, { record: ApiClientRecord | null }>({
      max: 10_000,
      ttl: Math.max(1, options.apiKeyCacheTtlMs),
    });

    /** The principal of a known, live client record. */
    function principalOfClient(record: ApiClientRecord | null): Principal {
      if (!record) throw unauthenticated('unknown API key', 'unknown_api_key');
      if (record.revoked_at) throw unauthenticated('API key revoked', 'revoked_api_key');
      const roles = toRoles(record.roles);
      return {
        client_id: record.client_id,
        kind: 'api_key',
        roles,
        permissions: permissionsOf(roles),
        rate_limits: record.rate_limits ?? null,
      };
    }

    /** An API key's principal: at once when its lookup is remembered, else after the store answers. */
    function principalFromKey(key: string): Principal | Promise<Principal> {
      if (!apiClients) throw unauthenticated('API keys are not enabled on this server', 'api_keys_disabled');
      if (key.length < 16 || key.length > 256) throw unauthenticated('unknown API key', 'unknown_api_key');
      const hash = hashApiKey(key);
      const cached = clientCache.get(hash);
      if (cached) return principalOfClient(cached.record);
      return apiClients.findByKeyHash(hash).then((record) => {
        clientCache.set(hash, { record });
        return principalOfClient(record);
      });
    }

    // A token that verified once verifies again until it expires: remembering it
    // saves the signature check (the largest fixed cost of a small request). A
    // hit is still refused after `exp`.
    const tokenCache = new LRUCache<string, { principal: Principal; expiresAtMs: number }>({
      max: 10_000,
      ttl: 5 * 60_000,
    });

    /** A bearer JWT's principal: at once when it verified before and has not expired, else after verifying it. */
    function principalFromJwt(token: string): Principal | Promise<Principal> {
      if (!verifyJwt) throw unauthenticated('bearer tokens are not enabled on this server', 'jwt_disabled');
      const hit = tokenCache.get(token);
      if (hit && Date.now() < hit.expiresAtMs) return hit.principal;
      return verifyJwt(token).then((verified) => {
        const roles = toRoles(verified.roles);
        const principal: Principal = {
          client_id: verified.subject,
          kind: 'jwt',
          roles,
          permissions: permissionsOf(roles),
          rate_limits: null,
        };
        tokenCache.set(token, { principal, expiresAtMs: (verified.payload.exp as number) * 1000 });
        return principal;
      });
    }

    /** The 401 of a refused credential, with its WWW-Authenticate challenge. */
    function refused(reply: FastifyReply, error: unknown): unknown {
      // A store outage while looking a key up is not the client's fault: no challenge.
      if (!(error instanceof PhonesetError) || error.code !== 'API_UNAUTHENTICATED') return error;
      // RFC 6750 §3: no error attribute when the request carried no credential at all.
      const missing = error.params.reason === 'missing_credentials';
      reply.header(
        'www-authenticate',
        missing ? 'Bearer realm="phoneset"' : 'Bearer realm="phoneset", error="invalid_token"',
      );
      return error;
    }

    /** The permission check, once the principal is known. */
    function authorize(request: FastifyRequest, principal: Principal): PhonesetError | undefined {
      request.principal = principal;
      const needed = routeOf(request).config.permission;
      if (!needed || principal.permissions.has(needed)) return undefined;
      return new PhonesetError('API_FORBIDDEN', {
        detail: `this route needs "${needed}", which roles [${principal.roles.join(', ')}] do not grant`,
        permission: needed,
        roles: principal.roles,
      });
    }

    app.decorateRequest('principal', null);
    // A callback hook: a remembered token or key is checked without a turn of the event loop.
    app.addHook('onRequest', (request, reply, done) => {
      if (routeOf(request).config.public) return done();
      let found: Principal | Promise<Principal>;
      try {
        const credential = readCredential(request);
        found =
          credential.kind === 'jwt' ? principalFromJwt(credential.token) : principalFromKey(credential.key);
      } catch (error) {
        return done(refused(reply, error) as Error);
      }
      if (!(found instanceof Promise)) return done(authorize(request, found));
      found.then(
        (principal) => done(authorize(request, principal)),
        (error: unknown) => done(refused(reply, error) as Error),
      );
    });
  },
  { name: 'phoneset-auth', fastify: '5.x' },
);
