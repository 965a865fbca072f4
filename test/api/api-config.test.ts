import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiConfigFromEnv, DEFAULT_API_CONFIG } from '../../src/api/api-config.js';
import { loadConfig } from '../../src/config.js';

const withFile = (yaml: string) => {
  const cwd = mkdtempSync(join(tmpdir(), 'phoneset-api-config-'));
  writeFileSync(join(cwd, 'phoneset.config.yaml'), yaml);
  return cwd;
};

const FILE = `
api:
  port: 9090
  host: 0.0.0.0
  body_limit: 2048
  cors_origins: [https://crm.example.com, https://ops.example.com]
  trust_proxy: true
  log_level: warn
  rate_limits: { read_per_minute: 600, write_per_minute: 60 }
  auth:
    jwt_issuer: https://idp.example.com/
    jwt_audience: phoneset-api
    jwks_url: https://idp.example.com/.well-known/jwks.json
  cache:
    redis_url: redis://cache:6379
    ttl_seconds: 30
    max_staleness_ms: 250
`;

describe('the api section of the config', () => {
  it('has safe defaults without a file or environment', () => {
    const sut = loadConfig({ env: {}, cwd: mkdtempSync(join(tmpdir(), 'phoneset-api-config-')) }).api;
    expect(sut).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      redisUrl: undefined,
      jwt: undefined,
      corsOrigins: [],
      bodyLimitBytes: DEFAULT_API_CONFIG.bodyLimitBytes,
      trustProxy: false,
      rateLimit: { readPerWindow: 1000, writePerWindow: 100, windowMs: 60_000 },
      customerCacheTtlMs: 60_000,
      customerCacheMaxStalenessMs: 0,
    });
  });

  it('reads every API setting from phoneset.config.yaml', () => {
    const sut = loadConfig({ env: {}, cwd: withFile(FILE) }).api;
    expect(sut).toMatchObject({
      port: 9090,
      host: '0.0.0.0',
      bodyLimitBytes: 2048,
      corsOrigins: ['https://crm.example.com', 'https://ops.example.com'],
      trustProxy: true,
      logger: { level: 'warn' },
      rateLimit: { readPerWindow: 600, writePerWindow: 60 },
      jwt: {
        issuer: 'https://idp.example.com/',
        audience: 'phoneset-api',
        jwksUrl: 'https://idp.example.com/.well-known/jwks.json',
        hs256Secret: undefined,
      },
      redisUrl: 'redis://cache:6379',
      customerCacheTtlMs: 30_000,
      customerCacheMaxStalenessMs: 250,
    });
  });

  it('lets each environment variable win over the file', () => {
    const env = {
      PORT: '7000',
      HOST: '10.0.0.5',
      PHONESET_BODY_LIMIT: '4096',
      PHONESET_CORS_ORIGINS: 'https://a.example, https://b.example',
      PHONESET_TRUST_PROXY: '0',
      LOG_LEVEL: 'debug',
      PHONESET_RATE_READ: '50',
      PHONESET_RATE_WRITE: '5',
      PHONESET_JWT_ISSUER: 'https://other-idp/',
      PHONESET_JWT_AUDIENCE: 'aud-env',
      PHONESET_JWKS_URL: 'https://other-idp/jwks',
      PHONESET_JWT_SECRET: 'a-development-secret-of-32-bytes-at-least',
      REDIS_URL: 'redis://env-cache:6379/2',
    };
    const sut = loadConfig({ env, cwd: withFile(FILE) }).api;
    expect(sut).toMatchObject({
      port: 7000,
      host: '10.0.0.5',
      bodyLimitBytes: 4096,
      corsOrigins: ['https://a.example', 'https://b.example'],
      trustProxy: false,
      logger: { level: 'debug' },
      rateLimit: { readPerWindow: 50, writePerWindow: 5 },
      jwt: {
        issuer: 'https://other-idp/',
        audience: 'aud-env',
        jwksUrl: 'https://other-idp/jwks',
        hs256Secret: 'a-development-secret-of-32-bytes-at-least',
      },
      redisUrl: 'redis://env-cache:6379/2',
    });
    // The environment alone still configures the API as it always did.
    expect(apiConfigFromEnv(env)).toMatchObject({ port: 7000, rateLimit: { readPerWindow: 50 } });
  });

  it('refuses a secret in the file, unknown keys and bad values, naming where', () => {
    const load =
      (yaml: string, env = {}) =>
      () =>
        loadConfig({ env, cwd: withFile(yaml) });
    expect(load('api:\n  auth:\n    jwt_secret: s3cret\n')).toThrow(/jwt_secret.*PHONESET_JWT_SECRET/s);
    expect(load('api:\n  rate_limit: { read_per_minute: 5 }\n')).toThrow(/api\.rate_limit.*unknown key/s);
    expect(load('api:\n  port: 70000\n')).toThrow(/api\.port/);
    expect(load('api:\n  body_limit: lots\n')).toThrow(/api\.body_limit/);
    expect(load('', { PHONESET_RATE_READ: '-1' })).toThrow(/PHONESET_RATE_READ/);
    expect(load('api:\n  auth:\n    jwks_url: https://idp/jwks\n')).toThrow(/PHONESET_JWT_ISSUER/);
  });
});
