// phoneset dedupe end to end from the store: a generated export (with its truth) is imported
// into a fresh embedded store with the import pipeline, then `runDedupe` streams the registry,
// trains, clusters and merges. Quality is pairwise over the imported source rows (clusters of
// source_record_ids from lineage) against the generator's truth, beside exact-E.164 matching
// (what the import alone merges). The truth file is read here, by the evaluator, only.

import { spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import { evaluatePairs, type PairEvaluation } from '../src/core/dedupe/evaluate-pairs.js';
import { createPhoneEngine } from '../src/enrich/index.js';
import { FileLake } from '../src/lake/index.js';
import { type DedupeRunSummary, loadRegistry } from '../src/pipeline/dedupe/index.js';
import { importFile } from '../src/pipeline/import/index.js';
import { writeCustomerExport } from '../src/pipeline/normalize/write-customer-export.js';
import { formatKeyMaterial, generateKeyMaterial } from '../src/security/key-material.js';
import { KeyRing } from '../src/security/key-ring.js';
import type { Db } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { openDb } from '../src/store/open-db.js';
import { createStore } from '../src/store/store.js';
import { median, recordResults } from './lib/results.js';

// About 0.81 registry records per export row (exact repeats and junk fall away on import).
const ROWS_PER_RECORD = 1.24;
const sizes = (process.env.DEDUPE_BENCH_SIZES ?? '100000').split(',').map(Number);

const CHILD = new URL('./lib/dedupe-child.ts', import.meta.url).pathname;

/** The dedupe in its own process (as the CLI runs it), timed, with its peak RSS from /usr/bin/time. */
function dedupeInChild(
  dataDir: string,
  keys: string,
): { summary: DedupeRunSummary; ms: number; rssMb: number } {
  const started = performance.now();
  const r = spawnSync(
    '/usr/bin/time',
    ['-f', 'RSS_KB=%M', process.execPath, '--import', 'tsx', CHILD, dataDir],
    { env: { ...process.env, PHONESET_KEYS: keys }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`dedupe child failed: ${r.stderr}`);
  const rssKb = Number(/RSS_KB=(\d+)/.exec(r.stderr)?.[1] ?? 0);
  const line = r.stdout.trim().split('\n').pop() ?? '{}';
  return { summary: JSON.parse(line) as DedupeRunSummary, ms, rssMb: Math.round(rssKb / 1024) };
}

async function readTruth(file: string): Promise<Map<string, string>> {
  const clusterOf = new Map<string, string>();
  for await (const row of createReadStream(file).pipe(parse({ columns: true })) as AsyncIterable<
    Record<string, string>
  >) {
    if (row.cluster_id) clusterOf.set(row.source_record_id as string, row.cluster_id);
  }
  return clusterOf;
}

/** Row clusters as the registry holds them: each live master with its lineage and its merged records' lineage. */
async function rowClusters(db: Db, merged: boolean): Promise<string[][]> {
  const rows = await db.query<{ k: string; ids: string[] }>(
    `SELECT ${merged ? 'COALESCE(p.merged_into, p.phone_id)' : 'p.phone_id'}::text AS k,
            array_agg(l.source_record_id) AS ids
     FROM phone_lineage l JOIN customer_phones p ON p.phone_id = l.phone_id
     WHERE l.source_record_id IS NOT NULL GROUP BY 1`,
  );
  return rows.map((r) => r.ids);
}

interface Point {
  records: number;
  exportRows: number;
  importS: number;
  loadMs: number;
  dedupeMs: number;
  timings: Record<string, number>;
  groups: number;
  merged: number;
  review: number;
  rssPeakMb: number;
  engine: PairEvaluation;
  exact: PairEvaluation;
}

const points: Point[] = [];
for (const target of sizes) {
  const dir = mkdtempSync(join(os.tmpdir(), 'phoneset-dedupe-bench-'));
  try {
    const exportRows = Math.round(target * ROWS_PER_RECORD);
    const file = join(dir, 'export.csv');
    const truthFile = join(dir, 'truth.csv');
    await writeCustomerExport({
      rows: exportRows,
      seed: 2026,
      output: file,
      format: 'csv',
      truth: truthFile,
    });
    const material = generateKeyMaterial('bench');
    const ring = new KeyRing(material);
    // The embedded store as the CLI opens it (PGlite in its worker thread).
    let db = await openDb({ url: undefined, dataDir: join(dir, 'db'), poolSize: 1 });
    await migrate(db);
    const store = createStore(db, ring);
    const t0 = performance.now();
    await importFile(
      { file, source: 'crm_salesforce', actor: 'bench' },
      { store, lake: new FileLake({ root: join(dir, 'lake'), keyRing: ring }), engine: createPhoneEngine() },
    );
    const importS = (performance.now() - t0) / 1000;

    // Baseline in the same run: only streaming the registry out of the store (the floor any
    // store-backed dedupe pays), median of three.
    const loads: number[] = [];
    let records = 0;
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      records = (await loadRegistry(store)).length;
      loads.push(performance.now() - t);
    }
    await store.close();
    const run = dedupeInChild(join(dir, 'db'), formatKeyMaterial(material));
    const { summary } = run;
    // The run's own clock (the child's wall time adds module loading and opening the store).
    const dedupeMs = summary.seconds * 1000;
    const rssPeakMb = run.rssMb;
    db = await openDb({ url: undefined, dataDir: join(dir, 'db'), poolSize: 1 });

    const truthOf = await readTruth(truthFile);
    const restrict = (clusters: string[][]): string[][] =>
      clusters.map((c) => c.filter((id) => truthOf.has(id))).filter((c) => c.length > 1);
    const imported = new Set((await rowClusters(db, false)).flat());
    const truthClusters = new Map<string, string[]>();
    for (const [row, cluster] of truthOf) {
      if (!imported.has(row)) continue;
      const list = truthClusters.get(cluster) ?? [];
      list.push(row);
      truthClusters.set(cluster, list);
    }
    const truth = [...truthClusters.values()];
    const point: Point = {
      records,
      exportRows,
      importS,
      loadMs: median(loads),
      dedupeMs,
      timings: summary.timings_ms,
      groups: summary.groups,
      merged: summary.merged_records,
      review: summary.review_pairs,
      rssPeakMb,
      engine: evaluatePairs(restrict(await rowClusters(db, true)), truth),
      exact: evaluatePairs(restrict(await rowClusters(db, false)), truth),
    };
    points.push(point);
    console.log(JSON.stringify(point));
    await db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const f = (n: number): string => n.toFixed(4);
const budget = (p: Point): string =>
  p.engine.precision >= 0.995 && p.engine.recall >= 0.98 ? 'met' : 'NOT met';
const lines = [
  '## dedupe: `phoneset dedupe` end to end from the store (PGlite)',
  '',
  'A `writeCustomerExport` file (seed 2026, default generator settings) imported with `importFile` into a fresh embedded store; then `runDedupe` in a process of its own (bench/lib/dedupe-child.ts; peak RSS of that process by /usr/bin/time): stream the registry, EM training, scoring, clustering, saving the model, writing the merge set (audit rows, events, before/after images) and the review queue. Baseline: streaming the registry out of the store alone (median of 3), same run.',
  '',
  '| registry records | export rows | import (s) | stream registry (ms) | dedupe end to end (ms) | ratio | load / prepare / block / compare / train / score / cluster / shared / resolve / write (ms) | groups | merged | review pairs | peak RSS (MB) |',
  '|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|',
  ...points.map(
    (p) =>
      `| ${p.records} | ${p.exportRows} | ${p.importS.toFixed(1)} | ${Math.round(p.loadMs)} | ${Math.round(p.dedupeMs)} | ${(p.dedupeMs / p.loadMs).toFixed(1)}× | ${Object.values(p.timings).join(' / ')} | ${p.groups} | ${p.merged} | ${p.review} | ${p.rssPeakMb} |`,
  ),
  '',
  'Pairwise quality over the imported source rows (a pair is predicted when both rows end in one registry cluster: same record, or merged into one master), against the generator truth; exact-E.164 = what the import merges by itself. Rows the import rejected are outside both. Budget: precision ≥ 0.995, recall ≥ 0.98.',
  '',
  '| registry records | dedupe P / R / F1 | exact-E.164 P / R / F1 | true pairs | budget |',
  '|---:|---|---|---:|---|',
  ...points.map(
    (p) =>
      `| ${p.records} | ${f(p.engine.precision)} / ${f(p.engine.recall)} / ${f(p.engine.f1)} | ${f(p.exact.precision)} / ${f(p.exact.recall)} / ${f(p.exact.f1)} | ${p.engine.truePairs} | ${budget(p)} |`,
  ),
  '',
  `Load average during the run: ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(
      ' / ',
    )} on ${os.cpus().length} cores (shared machine: compare with the baseline column). Speed budget: 1M records < 60 s, < 2 GB.`,
];
recordResults(
  'dedupe',
  lines.join('\n'),
  'npm run bench:dedupe (DEDUPE_BENCH_SIZES=100000,1000000 for more points)',
);
console.log(lines.join('\n'));
