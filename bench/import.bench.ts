// phoneset import of a generated customer export into the store, beside phoneset normalize on
// the same file in the same run (the budget: import ≥ 0.5× the normalize rate), and the peak
// RSS of the import at two sizes (flat memory: the larger within 1.2× of the smaller).
//
//   node --import tsx bench/import.bench.ts                 # 1M rows, RSS at 1M and 5M, PGlite
//   IMPORT_BENCH_ROWS=100000 IMPORT_BENCH_BIG=500000 node --import tsx bench/import.bench.ts
//   IMPORT_BENCH_POSTGRES=postgres://postgres@127.0.0.1:5432/test …   # also on PostgreSQL
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { writeCustomerExport } from '../src/pipeline/normalize/write-customer-export.js';
import { formatKeyMaterial, generateKeyMaterial } from '../src/security/key-material.js';
import { recordResults } from './lib/results.js';

const CLI = new URL('../dist/cli/main.js', import.meta.url).pathname;
const rows = Number(process.env.IMPORT_BENCH_ROWS ?? 1_000_000);
const big = Number(process.env.IMPORT_BENCH_BIG ?? 5_000_000);
const postgresUrl = process.env.IMPORT_BENCH_POSTGRES;
const dir = mkdtempSync(join(tmpdir(), 'phoneset-import-bench-'));
const keys = formatKeyMaterial(generateKeyMaterial('bench1'));

interface Timed {
  seconds: number;
  rssMb: number;
  stdout: string;
}

/** Runs the built CLI under /usr/bin/time to get its peak RSS (max resident set, KB). */
function cli(args: string[], env: NodeJS.ProcessEnv): Timed {
  const started = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'RSS_KB=%M', process.execPath, CLI, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`phoneset ${args.join(' ')} failed: ${r.stderr}`);
  const rss = Number(/RSS_KB=(\d+)/.exec(r.stderr)?.[1] ?? 0);
  return { seconds, rssMb: rss / 1024, stdout: r.stdout };
}

async function freshPostgres(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `phoneset_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(postgresUrl as string);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: postgresUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * One import into a new store. The store is created first (`phoneset migrate`: on the
 * embedded engine, PostgreSQL's initdb in WebAssembly, about 6 s), timed apart: it happens once
 * per store, not once per import.
 */
function importRun(
  file: string,
  home: string,
  databaseUrl = '',
): Timed & { received: number; createSeconds: number } {
  const env = { PHONESET_HOME: home, PHONESET_KEYS: keys, DATABASE_URL: databaseUrl };
  const created = cli(['migrate'], env);
  const t = cli(['import', file, '--source', 'crm_salesforce', '--json'], env);
  return {
    ...t,
    createSeconds: created.seconds,
    received: (JSON.parse(t.stdout) as { received: number }).received,
  };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

try {
  const file = join(dir, `export-${rows}.csv`);
  await writeCustomerExport({ rows, seed: 1, output: file, format: 'csv' });
  const normalize = cli(['normalize', '--input', file, '--output', '/dev/null'], {});
  const normalizeRate = rows / normalize.seconds;
  console.error(
    `normalize: ${fmt(rows)} rows in ${normalize.seconds.toFixed(1)} s (${fmt(normalizeRate)} rows/s)`,
  );

  const embedded = importRun(file, join(dir, 'home-pglite'));
  const importRate = embedded.received / embedded.seconds;
  console.error(
    `import (PGlite): ${fmt(embedded.received)} rows in ${embedded.seconds.toFixed(1)} s (${fmt(importRate)} rows/s), peak RSS ${fmt(embedded.rssMb)} MB`,
  );

  let postgresLine = '| import, PostgreSQL | not run (set IMPORT_BENCH_POSTGRES) | | | | |';
  if (postgresUrl) {
    const db = await freshPostgres();
    try {
      const p = importRun(file, join(dir, 'home-pg'), db.url);
      const rate = p.received / p.seconds;
      console.error(`import (PostgreSQL): ${fmt(rate)} rows/s, peak RSS ${fmt(p.rssMb)} MB`);
      postgresLine = `| import, PostgreSQL | ${fmt(rate)} | ${(rate / normalizeRate).toFixed(2)}× | ${p.seconds.toFixed(1)} s | ${fmt(p.rssMb)} MB | ${p.createSeconds.toFixed(1)} s |`;
    } finally {
      await db.drop();
    }
  }

  let rssLine = `| peak RSS at ${fmt(big)} rows | not run (IMPORT_BENCH_BIG=0) | | |`;
  if (big > 0) {
    const bigFile = join(dir, `export-${big}.csv`);
    await writeCustomerExport({ rows: big, seed: 2, output: bigFile, format: 'csv' });
    const b = importRun(bigFile, join(dir, 'home-big'));
    console.error(
      `import (PGlite) ${fmt(big)} rows: peak RSS ${fmt(b.rssMb)} MB (${fmt(embedded.rssMb)} MB at ${fmt(rows)})`,
    );
    rssLine = `| peak RSS, ${fmt(big)} vs ${fmt(rows)} rows | ${fmt(b.rssMb)} MB vs ${fmt(embedded.rssMb)} MB | ${(b.rssMb / embedded.rssMb).toFixed(2)}× (budget ≤ 1.2×) | ${fmt(big / b.seconds)} rows/s |`;
  }

  recordResults(
    'import',
    `## phoneset import (${fmt(rows)}-row generated CSV)

| run | rows/s | vs normalize (budget ≥ 0.5×) | time | peak RSS | store creation (apart) |
|---|---|---|---|---|---|
| normalize (baseline, same file, same run) | ${fmt(normalizeRate)} | 1.00× | ${normalize.seconds.toFixed(1)} s | ${fmt(normalize.rssMb)} MB | |
| import, PGlite (embedded) | ${fmt(importRate)} | ${(importRate / normalizeRate).toFixed(2)}× | ${embedded.seconds.toFixed(1)} s | ${fmt(embedded.rssMb)} MB | ${embedded.createSeconds.toFixed(1)} s |
${postgresLine}

| memory | value | ratio | rate |
|---|---|---|---|
${rssLine}

Wall-clock times of the built CLI, process start included, on a machine shared with other jobs.
Each import goes into a new store created just before it by \`phoneset migrate\` (timed apart in
the last column: creating a store happens once, not per import).`,
    `IMPORT_BENCH_ROWS=${rows} IMPORT_BENCH_BIG=${big}${postgresUrl ? ' IMPORT_BENCH_POSTGRES=…' : ''} node --import tsx bench/import.bench.ts`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
