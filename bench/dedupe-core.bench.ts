// Dedupe engine at 100k and 1M registry records built from the generator's export
// (normalized, exact repeats merged), beside a plain exact-E.164 group-by over the same
// records, with quality against the generator's truth (read by the evaluator only).

import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { buildRegistryFromExport } from '../src/core/dedupe/build-registry-from-export.js';
import { dedupeRecords } from '../src/core/dedupe/dedupe-records.js';
import { evaluatePairs, type PairEvaluation } from '../src/core/dedupe/evaluate-pairs.js';
import { createMatchIndex, matchRecord } from '../src/core/dedupe/match-index.js';
import { generateCustomerExport } from '../src/core/generate/generate-customer-export.js';
import type { PhoneRecord } from '../src/core/registry/phone-record.js';
import { median, recordResults } from './lib/results.js';

// About 0.81 registry records per export row (exact repeats and junk fall away).
const ROWS_PER_RECORD = 1.24;
const ROW_LEVEL_MAX = 200_000;
const sizes = (process.env.DEDUPE_BENCH_SIZES ?? '100000,1000000').split(',').map(Number);
const mb = (bytes: number): number => Math.round(bytes / 2 ** 20);

interface Point {
  target: number;
  records: number;
  customers: number;
  candidatePairs: number;
  buildS: number;
  baselineMs: number;
  dedupeMs: number;
  timings: Record<string, number>;
  rssBeforeMb: number;
  rssAfterMb: number;
  rssPeakMb: number;
  engine: PairEvaluation;
  rowEngine?: PairEvaluation;
  rowExact?: PairEvaluation;
  groups: number;
  review: number;
  onlineUs?: number;
  onlineMatches?: number;
}

function exactGroupBy(records: readonly PhoneRecord[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const r of records) {
    const key = `${r.customer_id}\u0000${r.phone_number}`;
    const list = groups.get(key);
    if (list) list.push(r.phone_id);
    else groups.set(key, [r.phone_id]);
  }
  return groups;
}

// RSS is per process, so a worker can watch it while the engine keeps the main thread busy.
const peakCell = new Int32Array(new SharedArrayBuffer(4));
const sampler = new Worker(
  `const { workerData } = require('node:worker_threads');
   const cell = new Int32Array(workerData);
   setInterval(() => {
     const mb = Math.round(process.memoryUsage.rss() / 1048576);
     if (mb > Atomics.load(cell, 0)) Atomics.store(cell, 0, mb);
   }, 10);`,
  { eval: true, workerData: peakCell.buffer },
);
sampler.unref();

const points: Point[] = [];
for (const target of sizes) {
  const t0 = performance.now();
  // Row-level evaluation keeps every row id in memory: only at the small size.
  const rowLevel = target <= ROW_LEVEL_MAX;
  const rowTruth = new Map<string, string>();
  const rows = (function* () {
    for (const row of generateCustomerExport({ rows: Math.round(target * ROWS_PER_RECORD), seed: 2026 })) {
      if (rowLevel && row.truth.cluster_id) rowTruth.set(row.record.source_record_id, row.truth.cluster_id);
      yield row;
    }
  })();
  const registry = buildRegistryFromExport(rows, { keepRows: rowLevel });
  const buildS = (performance.now() - t0) / 1000;
  globalThis.gc?.();

  // Baseline: the exact-E.164 group-by a plain import does, over the same records, three runs.
  const baselineRuns: number[] = [];
  let exact = new Map<string, string[]>();
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    exact = exactGroupBy(registry.records);
    baselineRuns.push(performance.now() - t);
  }

  if (!rowLevel) exact.clear();
  globalThis.gc?.();
  const rssBefore = process.memoryUsage().rss;
  Atomics.store(peakCell, 0, mb(rssBefore));
  const t = performance.now();
  const result = dedupeRecords(registry.records);
  const dedupeMs = performance.now() - t;
  const rssAfter = process.memoryUsage().rss;
  const rssPeakMb = Math.max(Atomics.load(peakCell, 0), mb(rssAfter));

  const engine = evaluatePairs(
    result.groups.map((g) => g.memberIds),
    registry.truth,
  );
  let rowEngine: PairEvaluation | undefined;
  let rowExact: PairEvaluation | undefined;
  if (rowLevel) {
    // Row level: every export row that denotes a phone, clustered by the engine vs by exact E.164.
    const rowsOf = registry.rowsOf as Map<string, string[]>;
    const truthRows = new Map<string, string[]>();
    for (const [row, cluster] of rowTruth) {
      const list = truthRows.get(cluster);
      if (list) list.push(row);
      else truthRows.set(cluster, [row]);
    }
    const inGroup = new Set(result.groups.flatMap((g) => g.memberIds));
    const engineRows = [
      ...result.groups.map((g) => g.memberIds.flatMap((id) => rowsOf.get(id) ?? [])),
      ...registry.records.filter((r) => !inGroup.has(r.phone_id)).map((r) => rowsOf.get(r.phone_id) ?? []),
    ];
    const exactRows = [...exact.values()].map((ids) => ids.flatMap((id) => rowsOf.get(id) ?? []));
    rowEngine = evaluatePairs(engineRows, [...truthRows.values()]);
    rowExact = evaluatePairs(exactRows, [...truthRows.values()]);
  }
  const point: Point = {
    target,
    records: result.stats.records,
    customers: result.stats.customers,
    candidatePairs: result.stats.candidatePairs,
    buildS,
    baselineMs: median(baselineRuns),
    dedupeMs,
    timings: result.stats.timingsMs,
    rssBeforeMb: mb(rssBefore),
    rssAfterMb: mb(rssAfter),
    rssPeakMb,
    engine,
    ...(rowEngine ? { rowEngine } : {}),
    ...(rowExact ? { rowExact } : {}),
    groups: result.stats.groups,
    review: result.stats.reviewPairs,
  };

  if (target <= 200_000) {
    // Online: index 90 % of the records, then match the rest one at a time.
    const held = registry.records.filter((_, i) => i % 10 === 3);
    const index = createMatchIndex(
      registry.records.filter((_, i) => i % 10 !== 3),
      result.model,
    );
    const times: number[] = [];
    let joined = 0;
    for (const r of held) {
      const s = performance.now();
      if (matchRecord(index, r).joined) joined++;
      times.push((performance.now() - s) * 1000);
    }
    point.onlineUs = median(times);
    point.onlineMatches = joined;
  }
  points.push(point);
  console.log(JSON.stringify(point));
}

const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
const f = (n: number, d = 4): string => n.toFixed(d);
const lines = [
  '## dedupe-core: matching engine (blocking + EM + scoring + clustering + shared numbers)',
  '',
  'Registry records built from `generateCustomerExport` (seed 2026), normalized with `normalizePhone` and exact (customer, E.164) repeats merged. Baseline: a plain exact-E.164 group-by over the same records in the same run.',
  '',
  '| records | customers | candidate pairs | exact group-by (ms, median of 3) | dedupe (ms) | ratio | prepare / block / compare / train / score / cluster / shared (ms) | RSS before → peak during → after (MB) |',
  '|---:|---:|---:|---:|---:|---:|---|---|',
  ...points.map(
    (p) =>
      `| ${p.records} | ${p.customers} | ${p.candidatePairs} | ${Math.round(p.baselineMs)} | ${Math.round(p.dedupeMs)} | ${(p.dedupeMs / p.baselineMs).toFixed(1)}× | ${Object.values(
        p.timings,
      )
        .map((v) => Math.round(v))
        .join(' / ')} | ${p.rssBeforeMb} → ${p.rssPeakMb} → ${p.rssAfterMb} |`,
  ),
  '',
  `RSS before includes the input records themselves; peak of the whole process (generation and normalization included): ${peakRssMb} MB. Load average during the run: ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(
      ' / ',
    )} on ${os.cpus().length} cores (a shared machine: compare with the baseline column, not across runs). Budget: 1M records in < 60 s, RSS < 2 GB.`,
  '',
  'Quality against the generator truth (pairwise; registry level = pairs of registry records, row level = pairs of export rows, where exact-E.164 matching is the baseline):',
  '',
  '| records | registry P / R / F1 | row level engine P / R / F1 | row level exact-E.164 P / R / F1 | groups | review pairs |',
  '|---:|---|---|---|---:|---:|',
  ...points.map(
    (p) =>
      `| ${p.records} | ${f(p.engine.precision)} / ${f(p.engine.recall)} / ${f(p.engine.f1)} | ${p.rowEngine ? `${f(p.rowEngine.precision)} / ${f(p.rowEngine.recall)} / ${f(p.rowEngine.f1)}` : '–'} | ${p.rowExact ? `${f(p.rowExact.precision)} / ${f(p.rowExact.recall)} / ${f(p.rowExact.f1)}` : '–'} | ${p.groups} | ${p.review} |`,
  ),
  '',
  ...points
    .filter((p) => p.onlineUs !== undefined)
    .map(
      (p) =>
        `Online: \`matchRecord\` against an index of ${Math.round(p.records * 0.9)} records, ${Math.round(p.records / 10)} held-out records matched one at a time: median ${f(p.onlineUs as number, 1)} µs per record (${p.onlineMatches} joined a cluster).`,
    ),
];
recordResults('dedupe-core', lines.join('\n'), 'node --expose-gc --import tsx bench/dedupe-core.bench.ts');
console.log(lines.join('\n'));
