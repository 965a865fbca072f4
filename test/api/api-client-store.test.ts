import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateApiKey } from '../../src/api/auth/generate-api-key.js';
import { hashApiKey } from '../../src/api/auth/hash-api-key.js';
import { storeReadiness } from '../../src/api/store-readiness.js';
import { createStore } from '../../src/store/store.js';
import { BACKENDS } from '../support/services.js';
import { createTestDb, createTestStore, type TestStore, testKeyRing } from '../support/store.js';
import { bearer, buildTestApp } from './api-test-kit.js';

for (const backend of BACKENDS) {
  describe(`store.apiClients on ${backend}`, () => {
    let t: TestStore;
    beforeAll(async () => {
      t = await createTestStore(backend);
    });
    afterAll(() => t.drop());

    it('stores only the hash, finds a client by it, lists and revokes', async () => {
      const sut = t.store.apiClients;
      const key = generateApiKey();
      await sut.create({
        client_id: 'cli_a',
        name: 'crm',
        role: 'writer',
        key_hash: hashApiKey(key),
        rate_limits: { read_per_minute: 5 },
      });
      await sut.create({
        client_id: 'cli_b',
        name: 'bi',
        role: 'reader',
        key_hash: hashApiKey('other'),
        rate_limits: {},
      });

      const found = await sut.findByKeyHash(hashApiKey(key));
      expect(found).toMatchObject({
        client_id: 'cli_a',
        name: 'crm',
        roles: ['writer'],
        rate_limits: { read_per_minute: 5 },
        revoked_at: null,
      });
      expect(await sut.findByKeyHash(hashApiKey('nope'))).toBeNull();
      const stored = await t.db.query<{ key_hash: string }>('SELECT key_hash FROM api_clients');
      expect(stored.map((r) => r.key_hash)).not.toContain(key);

      expect((await sut.list()).map((c) => [c.client_id, c.rate_limits])).toEqual([
        ['cli_a', { read_per_minute: 5 }],
        ['cli_b', null],
      ]);
      expect(await sut.revoke('cli_a')).toBe(true);
      expect(await sut.revoke('cli_a')).toBe(false);
      expect(await sut.revoke('missing')).toBe(false);
      expect((await sut.findByKeyHash(hashApiKey(key)))?.revoked_at).toBeInstanceOf(Date);
    });

    it('lets a stored key call the API, and refuses it once revoked', async () => {
      const key = generateApiKey();
      await t.store.apiClients.create({
        client_id: 'cli_c',
        name: 'etl',
        role: 'reader',
        key_hash: hashApiKey(key),
        rate_limits: {},
      });
      const { sut } = await buildTestApp({ apiClients: t.store.apiClients, config: { apiKeyCacheTtlMs: 0 } });
      try {
        const ok = await sut.inject({
          method: 'POST',
          url: '/v1/phones/validate',
          headers: { 'x-api-key': key },
          payload: { phone_number: '3001234567' },
        });
        expect(ok.statusCode).toBe(200);
        await t.store.apiClients.revoke('cli_c');
        const refused = await sut.inject({
          method: 'POST',
          url: '/v1/phones/validate',
          headers: bearer(key),
          payload: { phone_number: '3001234567' },
        });
        expect(refused.statusCode).toBe(401);
      } finally {
        await sut.close();
      }
    });

    it('is ready when every migration is applied', async () => {
      expect(await storeReadiness(t.store).check()).toEqual({
        ok: true,
        details: { store: backend, migrations: 'applied' },
      });
    });
  });
}

describe('readiness on a database missing migrations', () => {
  it('answers 503 naming the pending versions', async () => {
    const t = await createTestDb('pglite');
    try {
      await t.db.exec('CREATE TABLE schema_migrations (version text PRIMARY KEY, name text, checksum text)');
      await t.db.query("INSERT INTO schema_migrations VALUES ('0001', 'registry', 'x')");
      const store = createStore(t.db, testKeyRing());
      const { sut } = await buildTestApp({ readiness: storeReadiness(store) });
      const res = await sut.inject({ method: 'GET', url: '/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json().error.message).toMatch(/migrations pending: 0002, 0003, 0004, 0005\b/);
      await sut.close();
    } finally {
      await t.drop();
    }
  });
});
