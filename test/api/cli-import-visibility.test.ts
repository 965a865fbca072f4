import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisCache } from '../../src/cache/redis-cache.js';
import { formatKeyMaterial, generateKeyMaterial, parseKeyMaterial } from '../../src/security/key-material.js';
import { KeyRing } from '../../src/security/key-ring.js';
import { migrate } from '../../src/store/migrate.js';
import { createStore } from '../../src/store/store.js';
import { CLI, ensureBuiltCli } from '../cli/support/built-cli.js';
import { REDIS_URL, SERVICES } from '../support/services.js';
import { createTestDb, type TestDb } from '../support/store.js';
import { bearer, buildTestApp, signToken } from './api-test-kit.js';

/** Runs the built CLI in its own process against the same database and keys. */
function phoneset(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

// Two API replicas sharing a Redis cache, and `phoneset import` run as a separate process on
// the same PostgreSQL: the import's change must show on the very next API read of either
// replica, though the customer was cached before it. The background outbox polls are set to
// a minute, so what makes it visible is the read's own freshness check, not a lucky poll.
describe.skipIf(!SERVICES)('a CLI import is visible to the next API read (PostgreSQL, Redis cache)', () => {
  let t: TestDb;
  let dir: string;
  let replicas: FastifyInstance[] = [];
  let caches: RedisCache[] = [];
  const probe = new Redis(REDIS_URL);
  const prefix = `phoneset-test:${randomUUID()}:`;
  const keys = formatKeyMaterial(generateKeyMaterial('shared1'));
  const customer = `XPROC-${randomUUID().slice(0, 8)}`;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    await ensureBuiltCli();
    t = await createTestDb('postgres');
    await migrate(t.db);
    dir = mkdtempSync(join(tmpdir(), 'phoneset-xproc-'));
    env = { DATABASE_URL: t.url, PHONESET_KEYS: keys, PHONESET_HOME: join(dir, 'home'), PHONESET_CONFIG: '' };
    const store = createStore(t.db, new KeyRing(parseKeyMaterial(keys, 'test')));
    for (let i = 0; i < 2; i++) {
      const cache = new RedisCache({ url: REDIS_URL, keyPrefix: prefix });
      caches.push(cache);
      replicas.push((await buildTestApp({ store, cache, outboxPollMs: 60_000 })).sut);
    }
  }, 300_000);
  afterAll(async () => {
    for (const replica of replicas) await replica.close();
    await caches[0]?.clear();
    for (const cache of caches) await cache.close();
    await probe.quit();
    await t?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    replicas = [];
    caches = [];
  });

  async function read(replica: FastifyInstance): Promise<string[]> {
    const res = await replica.inject({
      method: 'GET',
      url: `/v1/phones/${customer}`,
      headers: bearer(await signToken(['pii_reader'], { sub: 'xproc' })),
    });
    expect(res.statusCode).toBe(200);
    return (res.json().phones as Array<{ phone_number: string }>).map((p) => p.phone_number).sort();
  }

  async function importRows(name: string, rows: string[][]): Promise<void> {
    const file = join(dir, name);
    writeFileSync(
      file,
      `customer_id,phone_number,source_system\n${rows.map((r) => r.join(',')).join('\n')}\n`,
    );
    const run = await phoneset(['import', file, '--source', 'crm_salesforce'], env);
    expect(run.code, run.out).toBe(0);
  }

  it('shows a number added by an import to both replicas on their next read', async () => {
    await importRows('first.csv', [[customer, '3001112233', 'crm_salesforce']]);
    const [a, b] = replicas as [FastifyInstance, FastifyInstance];
    expect(await read(a)).toEqual(['+573001112233']);
    expect(await read(b)).toEqual(['+573001112233']);
    // Cached in the shared Redis before the second import.
    const cached = await probe.get(`${prefix}customer:${customer}`);
    expect(cached).toBeTruthy();

    await importRows('second.csv', [[customer, '3104445566', 'crm_salesforce']]);
    expect(await read(a)).toEqual(['+573001112233', '+573104445566']);
    expect(await read(b)).toEqual(['+573001112233', '+573104445566']);
  });
});
