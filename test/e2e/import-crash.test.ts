import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCustomerExport } from '../../src/pipeline/normalize/write-customer-export.js';
import { formatKeyMaterial, generateKeyMaterial } from '../../src/security/key-material.js';
import { KeyRing } from '../../src/security/key-ring.js';
import type { Db } from '../../src/store/db.js';
import { PgliteDb } from '../../src/store/pglite.db.js';
import { createStore, type Store } from '../../src/store/store.js';
import { CLI, ensureBuiltCli } from '../cli/support/built-cli.js';
import { BACKENDS } from '../support/services.js';
import { createTestDb, type TestDb } from '../support/store.js';

// Large enough that the import is still running when it is killed on a quiet machine (the
// embedded store cannot be watched while the CLI holds it, so PGlite is killed after a fixed wait).
const ROWS = 200_000;

interface Summary {
  batch_id: string;
  resumed_after_row: number;
  received: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  duplicates: number;
}

interface Run {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

function runImport(file: string, env: NodeJS.ProcessEnv): Run {
  const child = spawn(process.execPath, [CLI, 'import', file, '--source', 'crm_salesforce', '--json'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const done = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

async function count(db: Db, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params);
  return row?.n ?? 0;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const backend of BACKENDS) {
  describe(`kill -9 in the middle of an import on ${backend}`, { timeout: 900_000 }, () => {
    let dir: string;
    let file: string;
    let pg: TestDb | undefined;
    const material = generateKeyMaterial('crash1');
    let env: NodeJS.ProcessEnv;

    beforeAll(async () => {
      await ensureBuiltCli();
      dir = mkdtempSync(join(tmpdir(), 'phoneset-crash-'));
      file = join(dir, 'customers.csv');
      await writeCustomerExport({ rows: ROWS, seed: 99, output: file, format: 'csv' });
      env = {
        PHONESET_HOME: join(dir, 'home'),
        PHONESET_KEYS: formatKeyMaterial(material),
        DATABASE_URL: '',
      };
      if (backend === 'postgres') {
        pg = await createTestDb('postgres');
        env.DATABASE_URL = pg.url;
      }
    }, 600_000);
    afterAll(async () => {
      await pg?.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    /** Opens the database the CLI used (after it exited), reads, closes. */
    async function inspect<T>(fn: (db: Db, store: Store) => Promise<T>): Promise<T> {
      const db: Db = pg ? pg.db : await PgliteDb.open(join(dir, 'home', 'db'));
      try {
        return await fn(db, createStore(db, new KeyRing(material)));
      } finally {
        if (!pg) await db.close();
      }
    }

    it('leaves the store consistent, and the rerun completes with no duplicate and no lost row', async () => {
      const first = runImport(file, env);
      // Kill once the lake copy exists and the first chunks have had time to commit.
      const lake = join(dir, 'home', 'lake', 'crm_salesforce');
      const started = Date.now();
      while (!existsSync(lake) || readdirSync(lake).length === 0) {
        if (Date.now() - started > 300_000) throw new Error('the import never wrote its lake copy');
        await wait(100);
      }
      if (pg) {
        // PostgreSQL can be watched while the import runs: kill right after the first checkpoint.
        for (;;) {
          const [b] = await pg.db.query<{ n: number }>(
            'SELECT max(checkpoint_row)::int AS n FROM source_batches',
          );
          if ((b?.n ?? 0) > 0) break;
          if (Date.now() - started > 300_000) throw new Error('the import never committed a chunk');
          await wait(50);
        }
      } else await wait(12_000);
      first.child.kill('SIGKILL');
      const killed = await first.done;
      expect(killed.signal).toBe('SIGKILL');

      const midway = await inspect(async (db, store) => {
        const [batch] = await store.batches.list();
        const received = Number(batch?.counts.received ?? 0);
        // Consistent: what the checkpoint says was committed is exactly what is in the tables.
        expect(await count(db, 'phone_lineage')).toBe(received - Number(batch?.counts.rejected ?? 0));
        expect(await count(db, 'rejected_records')).toBe(Number(batch?.counts.rejected ?? 0));
        expect(await count(db, 'customer_phones')).toBe(Number(batch?.counts.inserted ?? 0));
        return { status: batch?.status, checkpoint: batch?.checkpoint_row ?? 0, received };
      });
      expect(midway.status).toBe('processing');
      expect(midway.checkpoint).toBeGreaterThan(0);
      expect(midway.checkpoint).toBeLessThan(ROWS);
      expect(midway.received).toBe(midway.checkpoint);

      const second = await runImport(file, env).done;
      expect(second.code, second.stderr).toBe(0);
      const summary = JSON.parse(second.stdout) as Summary;
      expect(summary.resumed_after_row).toBe(midway.checkpoint);
      expect(summary.received).toBe(ROWS);
      expect(summary.received).toBe(
        summary.inserted + summary.updated + summary.unchanged + summary.rejected + summary.duplicates,
      );

      await inspect(async (db, store) => {
        const batches = await store.batches.list();
        expect(batches).toHaveLength(1);
        expect(batches[0]).toMatchObject({
          status: 'completed',
          row_count: ROWS,
          batch_id: summary.batch_id,
        });
        const accepted = summary.received - summary.rejected;
        expect(await count(db, 'phone_lineage')).toBe(accepted);
        expect(
          await count(db, '(SELECT row_number FROM phone_lineage GROUP BY row_number HAVING count(*) > 1) d'),
        ).toBe(0);
        expect(await count(db, 'rejected_records')).toBe(summary.rejected);
        expect(await count(db, 'customer_phones')).toBe(summary.inserted);
        expect(
          await count(
            db,
            '(SELECT 1 FROM customer_phones GROUP BY customer_id, phone_hash HAVING count(*) > 1) d',
          ),
        ).toBe(0);
        // Every row is accounted for exactly once: as lineage (accepted) or as a reject.
        expect(
          await count(
            db,
            '(SELECT row_number FROM phone_lineage UNION ALL SELECT row_number FROM rejected_records) r',
          ),
        ).toBe(ROWS);
        expect(
          await count(
            db,
            '(SELECT DISTINCT row_number FROM phone_lineage UNION SELECT row_number FROM rejected_records) r',
          ),
        ).toBe(ROWS);
      });
    });
  });
}
