// HTTP API benchmark, one run, three targets served by one child process and driven from
// other processes (so the load generator and the server do not share an event loop): an
// open-loop generator at an offered rate (bench/lib/open-loop.ts), autocannon unthrottled.
//
// - a bare Fastify route returning a constant (the framework floor);
// - POST /v1/phones/validate: JWT (HS256) auth, the in-memory rate limiter, metrics, strict
//   schema validation, the enriched phone engine and the response schema, cycling over
//   thousands of generated, messy numbers (the generator's written forms, not a handful);
// - GET /v1/phones/{customer_id} on the embedded store (PGlite) holding API_BENCH_RECORDS
//   registry records (default 1,000,000), over a random sample of its customers.
//
// Each target is warmed up (JIT, engine data, store pages) before it is measured; offered load
// 1,000 and 5,000 req/s, then unthrottled for the validate / bare throughput ratio. The seeded
// store is kept under os.tmpdir() by seed and size, so later runs skip the seeding.
//
//   node --import tsx bench/api.bench.ts
//   API_BENCH_RECORDS=100000 BENCH_DURATION=5 node --import tsx bench/api.bench.ts
//   API_BENCH_PROFILE=/tmp/prof node --import tsx bench/api.bench.ts   # --cpu-prof the server
//   API_BENCH_ONLY=get (or validate, bare): one target alone; API_BENCH_SEED_ONLY=1: seed, no run
import { fork } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { signDevToken } from '../src/api/auth/sign-dev-token.js';
import { buildApp } from '../src/api/build-app.js';
import { storeReadiness } from '../src/api/store-readiness.js';
import { createRng, generateCustomerExport } from '../src/core/generate/index.js';
import { normalizePhone } from '../src/core/phone/normalize-phone.js';
import type { PhoneRecord, SourceSystem } from '../src/core/registry/phone-record.js';
import { createPhoneEngine } from '../src/enrich/index.js';
import { formatKeyMaterial, generateKeyMaterial, parseKeyMaterial } from '../src/security/key-material.js';
import { KeyRing } from '../src/security/key-ring.js';
import { migrate } from '../src/store/migrate.js';
import { openDb } from '../src/store/open-db.js';
import { createStore, openStore } from '../src/store/store.js';
import { openLoop } from './lib/open-loop.js';
import { recordResults } from './lib/results.js';

const SECRET = 'bench-secret-bench-secret-bench-secret-000';
const DURATION_S = Number(process.env.BENCH_DURATION ?? 8);
const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 4);
const RECORDS = Number(process.env.API_BENCH_RECORDS ?? 1_000_000);
const SEED = 2026;
/** Offered loads (req/s; `max` = unthrottled); API_BENCH_RATES=max measures the ratio alone. */
const RATES = (process.env.API_BENCH_RATES ?? '1000,5000,max')
  .split(',')
  .map((r) => (r.trim() === 'max' ? undefined : Number(r)));
/**
 * Distinct generated numbers sent to validate (and, as bodies, to the bare route), taken in
 * turn from a list built once, so the load generator, which shares the machine, spends nothing
 * per request on choosing a body; the engine keeps no per-number cache, so the server's work
 * is the same as with any larger list.
 */
const VALIDATE_INPUTS = Number(process.env.API_BENCH_INPUTS ?? 2_000);
const CUSTOMER_SAMPLE = 50_000;

/** The seeded store's folder: one per seed and size, reused across runs. */
const STORE_DIR = join(os.tmpdir(), `phoneset-api-bench-${SEED}-${RECORDS}`);

interface Seeded {
  dataDir: string;
  keys: string;
  customers: string[];
  records: number;
}

/**
 * Fills an embedded store with `RECORDS` registry records built from the generator (each
 * number normalized, exact (customer, E.164) repeats merged as an import does), written with
 * `store.applyChanges` in large chunks; the folder is marked complete only at the end.
 */
async function seedStore(): Promise<Seeded> {
  const done = join(STORE_DIR, 'complete.json');
  if (existsSync(done)) return JSON.parse(readFileSync(done, 'utf8')) as Seeded;
  rmSync(STORE_DIR, { recursive: true, force: true });
  mkdirSync(STORE_DIR, { recursive: true });
  const keys = formatKeyMaterial(generateKeyMaterial('bench1'));
  const dataDir = join(STORE_DIR, 'db');
  const db = await openDb({ url: undefined, dataDir, poolSize: 1 });
  await migrate(db);
  const store = createStore(db, new KeyRing(parseKeyMaterial(keys, 'bench')));
  const started = performance.now();
  const seen = new Set<string>();
  const customers: string[] = [];
  const rng = createRng(SEED);
  let chunk: PhoneRecord[] = [];
  let written = 0;
  const flush = async () => {
    if (chunk.length === 0) return;
    const ids = await store.phones.reserveIds(chunk.length);
    chunk.forEach((r, i) => {
      r.phone_id = ids[i] as string;
    });
    await store.applyChanges({ inserts: chunk });
    written += chunk.length;
    chunk = [];
    if (written % 100_000 < 20_000) {
      console.error(`seeded ${written} records (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    }
  };
  const customerSeen = new Set<string>();
  for (const { record: row } of generateCustomerExport({ rows: Math.ceil(RECORDS * 1.4), seed: SEED })) {
    if (written + chunk.length >= RECORDS) break;
    const result = normalizePhone(row.phone_number);
    if (!result.normalized) continue;
    const key = `${row.customer_id}\u0000${result.normalized}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (!customerSeen.has(row.customer_id)) {
      customerSeen.add(row.customer_id);
      // A uniform sample of the customers (reservoir), for the GET target.
      if (customers.length < CUSTOMER_SAMPLE) customers.push(row.customer_id);
      else {
        const j = rng.int(customerSeen.size);
        if (j < CUSTOMER_SAMPLE) customers[j] = row.customer_id;
      }
    }
    const updated = new Date(row.updated_at);
    const source = row.source_system as SourceSystem;
    chunk.push({
      phone_id: '',
      customer_id: row.customer_id,
      phone_number: result.normalized,
      phone_type: result.type,
      country_code: result.country_code,
      carrier: result.carrier,
      region: result.region,
      timezone: result.timezone,
      is_valid: result.is_valid,
      is_primary: row.is_primary === 'true',
      is_verified: row.is_verified === 'true',
      verification_method: null,
      confidence_score: result.confidence_score,
      source_system: source,
      sources: [source],
      times_seen: 1,
      issues: [...result.issues],
      merged_into: null,
      created_at: updated,
      updated_at: updated,
      deleted_at: null,
    });
    if (chunk.length === 20_000) await flush();
  }
  await flush();
  // What autovacuum does after a bulk load on PostgreSQL (PGlite has no autovacuum): planner
  // statistics, and hint bits set once rather than by the first reads.
  await db.exec('VACUUM ANALYZE');
  await store.close();
  const seeded: Seeded = { dataDir, keys, customers, records: written };
  writeFileSync(done, JSON.stringify(seeded));
  console.error(`seeded ${written} records in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return seeded;
}

async function serve(): Promise<void> {
  const seeded = JSON.parse(readFileSync(join(STORE_DIR, 'complete.json'), 'utf8')) as Seeded;
  const engine = createPhoneEngine();
  const store = await openStore(
    { url: undefined, dataDir: seeded.dataDir, poolSize: 1 },
    new KeyRing(parseKeyMaterial(seeded.keys, 'bench')),
  );
  const api = await buildApp({
    config: {
      logger: false,
      jwt: { issuer: 'bench', audience: 'phoneset', hs256Secret: SECRET },
      rateLimit: { readPerWindow: 1_000_000_000 },
    },
    validatePhone: (raw, options) => engine.normalize(raw, options),
    store,
    readiness: storeReadiness(store),
    onClose: () => store.close(),
  });
  const bare = Fastify({ logger: false });
  bare.post('/bare', async () => ({ ok: true }));
  const apiUrl = await api.listen({ port: 0, host: '127.0.0.1' });
  const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });
  // A clean exit (not a kill) so that --cpu-prof writes its profile.
  process.once('SIGTERM', () => {
    void Promise.all([api.close(), bare.close()]).finally(() => process.exit(0));
  });
  // The parent asks for the server's CPU time around each run: CPU per request does not
  // depend on the load generator sharing the machine, as throughput does.
  process.on('message', (m) => {
    if (m === 'cpu') process.send?.({ cpu: process.cpuUsage() });
  });
  process.send?.({ apiUrl, bareUrl });
}

interface Run {
  target: string;
  offered: string;
  rps: number;
  /** Server CPU (user + system) per request, µs. */
  cpuUs: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
  /** Open-loop runs: how late the generator sent a request, at worst (ms). */
  sendLagMs?: number;
  /** Open-loop runs: the generator's CPU per request, µs. */
  generatorCpuUs?: number;
}

/** ms to one decimal. */
function round1(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** The generator's written forms (spaces, dashes, +57, 0057, labels, typos, junk): realistic, varied input. */
function validateBodies(): string[] {
  const bodies: string[] = [];
  for (const { record } of generateCustomerExport({ rows: VALIDATE_INPUTS, seed: SEED + 1 })) {
    const phone = record.phone_number.trim() === '' ? '0' : record.phone_number.slice(0, 256);
    bodies.push(JSON.stringify({ phone_number: phone }));
  }
  return bodies;
}

interface Target {
  name: string;
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  /** Bodies sent in turn (pre-built requests). */
  bodies?: readonly string[];
  /** Sets the next request's path (a GET; POST targets cycle `bodies`). */
  next?: (request: RequestParts) => void;
}

/** What `Target.next` sets (autocannon's request object has it too). */
interface RequestParts {
  path?: string | undefined;
}

/** The server's CPU time so far (µs), asked over IPC. */
let serverCpu: () => Promise<number> = async () => 0;

async function load(target: Target, rate: number | undefined, seconds = DURATION_S): Promise<Run> {
  const cpuBefore = await serverCpu();
  const url = new URL(target.url);
  const path = url.pathname;
  const headers = {
    ...(target.method === 'POST' ? { 'content-type': 'application/json' } : {}),
    ...target.headers,
  };
  if (rate !== undefined) {
    // At an offered rate: open loop, latency from each request's due time (see open-loop.ts).
    // The paths (or bodies) are drawn here, in order, and handed to the generator as a list.
    // One path per request, the generator's warm-up second included: measured requests do
    // not come back to the warm-up's customers, which the cache would then hold.
    const count = Math.round(rate * (seconds + 1));
    const paths: string[] = [];
    if (!target.bodies) {
      for (let i = 0; i < count; i++) {
        const parts: RequestParts = { path };
        target.next?.(parts);
        paths.push(parts.path ?? path);
      }
    }
    const result = await openLoop(url.origin, rate, seconds, {
      method: target.method,
      headers,
      path,
      ...(target.bodies ? { bodies: target.bodies } : { paths }),
    });
    const cpuUs = ((await serverCpu()) - cpuBefore) / Math.max(1, result.requests);
    return {
      target: target.name,
      offered: `${rate}/s`,
      rps: result.rps,
      cpuUs,
      p50: round1(result.p50),
      p99: round1(result.p99),
      errors: result.errors,
      requests: result.requests,
      sendLagMs: round1(result.maxSendLagMs),
      generatorCpuUs: result.cpuUs,
    };
  }
  // Unthrottled (the throughput ratio, and the warm-ups): autocannon, closed loop on 50
  // connections. Bodies go as a list it builds once, so the load generator spends nothing per
  // request on them; a GET sets each request's path in turn.
  const result = await autocannon({
    url: target.url,
    method: target.method,
    connections: 50,
    duration: seconds,
    headers,
    requests: target.bodies
      ? target.bodies.map((body) => ({ method: target.method, path, body }))
      : [
          {
            method: target.method,
            path,
            setupRequest: (request: autocannon.Request) => {
              target.next?.(request);
              return request;
            },
          },
        ],
  });
  const cpuUs = ((await serverCpu()) - cpuBefore) / Math.max(1, result.requests.total);
  return {
    target: target.name,
    offered: 'max',
    rps: result.requests.average,
    cpuUs,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    requests: result.requests.total,
  };
}

async function main(): Promise<void> {
  const loadBefore = os.loadavg().map((l) => l.toFixed(2));
  const seeded = await seedStore();
  // API_BENCH_SEED_ONLY=1 prepares the store (minutes at 1M records) without measuring.
  if (process.env.API_BENCH_SEED_ONLY === '1') return;
  const profileDir = process.env.API_BENCH_PROFILE;
  const child = fork(new URL(import.meta.url).pathname, [], {
    execArgv: ['--import', 'tsx', ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])],
    env: { ...process.env, API_BENCH_SERVER: '1' },
  });
  const { apiUrl, bareUrl } = await new Promise<{ apiUrl: string; bareUrl: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { apiUrl: string; bareUrl: string }));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  serverCpu = () =>
    new Promise((resolve) => {
      child.once('message', (m) => {
        const { cpu } = m as { cpu: NodeJS.CpuUsage };
        resolve(cpu.user + cpu.system);
      });
      child.send('cpu');
    });
  const token = await signDevToken({
    secret: SECRET,
    issuer: 'bench',
    audience: 'phoneset',
    roles: ['reader'],
  });
  const auth = { authorization: `Bearer ${token}` };
  const bodies = validateBodies();
  const customers = seeded.customers;
  const rng = createRng(SEED + 2);
  // The bare route parses the same bodies, so the two differ only by what the API adds.
  const bare: Target = {
    name: 'bare Fastify route',
    url: `${bareUrl}/bare`,
    method: 'POST',
    headers: {},
    bodies,
  };
  const validate: Target = {
    name: 'POST /v1/phones/validate',
    url: `${apiUrl}/v1/phones/validate`,
    method: 'POST',
    headers: auth,
    bodies,
  };
  const getCustomer: Target = {
    name: 'GET /v1/phones/{customer_id}',
    url: `${apiUrl}/v1/phones/x`,
    method: 'GET',
    headers: auth,
    next: (request) => {
      const id = customers[Math.floor(rng.float() * customers.length)] as string;
      request.path = `/v1/phones/${encodeURIComponent(id)}`;
    },
  };
  try {
    const runs: Run[] = [];
    // API_BENCH_ONLY=validate (or bare, get) measures one target alone, e.g. to profile it.
    const only = process.env.API_BENCH_ONLY?.split(',');
    const wanted = (t: Target) =>
      !only || only.some((o) => t.name.toLowerCase().includes(o === 'get' ? 'get ' : o));
    // Warm-up, measured but not reported: JIT, engine data files, store pages.
    for (const target of [bare, validate, getCustomer].filter(wanted))
      await load(target, undefined, WARMUP_S);
    for (const rate of RATES) {
      const targets = [bare, validate, ...(rate === undefined ? [] : [getCustomer])];
      for (const target of targets.filter(wanted)) {
        runs.push(await load(target, rate));
        console.error(runs.at(-1));
      }
    }
    const max = (t: string) => runs.find((r) => r.offered === 'max' && r.target.startsWith(t))?.rps ?? 0;
    const ratio = max('POST') / max('bare');
    const cpuAt = (t: string) => runs.find((r) => r.offered === 'max' && r.target.startsWith(t))?.cpuUs ?? 0;
    const cpuRatio = cpuAt('bare') / Math.max(1, cpuAt('POST'));
    const p99At = (t: string) =>
      runs.find((r) => r.offered === '1000/s' && r.target.startsWith(t))?.p99 ?? '?';
    const rows = runs
      .map(
        (r) =>
          `| ${r.target} | ${r.offered} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | ${r.errors} / ${r.requests} | ${r.cpuUs.toFixed(0)} | ${r.sendLagMs ?? ''} | ${r.generatorCpuUs?.toFixed(0) ?? ''} |`,
      )
      .join('\n');
    const loadAfter = os.loadavg().map((l) => l.toFixed(2));
    const markdown = `## API (\`POST /v1/phones/validate\`, \`GET /v1/phones/{customer_id}\` vs a bare Fastify route)

Server in a child process on 127.0.0.1. **At an offered rate** (1,000 and 5,000 req/s) the load
is open loop (\`bench/lib/open-loop.ts\`, wrk2's method, in a process of its own): one request
due every 1/rate s whether or not earlier ones were answered, latency counted from the due time,
after one unrecorded second on the same schedule. autocannon's rate option is not that (each
connection sends its per-second quota back to back, then idles) and is no longer used here.
**Unthrottled** runs (the validate / bare ratio) use autocannon on 50 connections. ${DURATION_S} s per
run after a ${WARMUP_S} s unthrottled warm-up of each target. The bare Fastify route at each rate is
the floor of the measurement on this machine: the generator, its timers and the server share
the ${os.cpus().length} cores, and what the bare route shows at a rate, every route pays too.
Validate goes through JWT (HS256) auth, the in-memory rate limiter, metrics, strict schema
validation, the enriched phone engine and the response schema, cycling over ${bodies.length.toLocaleString('en-US')}
generated numbers as sources write them (the bare route parses the same bodies). GET reads the
embedded store (PGlite) holding ${seeded.records.toLocaleString('en-US')} registry records, for customers drawn at random
from a sample of ${customers.length.toLocaleString('en-US')} (role reader: masked numbers; the in-process customer cache keeps
10,000 customers, so most reads go to the store). Load average (1, 5, 15 min) before: ${loadBefore.join(', ')}; after:
${loadAfter.join(', ')}, on ${os.cpus().length} cores (a loaded machine says little about the
budgets; compare rows of the same run).

| target | offered | achieved req/s | p50 ms | p99 ms | errors / requests | server CPU µs/request | generator late by, at worst (ms) | generator CPU µs/request |
|---|---|---|---|---|---|---|---|---|
${rows}

Unthrottled throughput, validate / bare route: **${ratio.toFixed(2)}×** (budget ≥ 0.3×); server CPU per
request, bare / validate (what the ratio would be if the server had the machine to itself):
${cpuRatio.toFixed(2)}×.
p99 at 1,000 req/s (budget < 10 ms): validate ${p99At('POST')} ms, GET customer ${p99At('GET')} ms.`;
    console.log(markdown);
    if (!only && !profileDir && !process.env.API_BENCH_RATES)
      recordResults('api', markdown, 'node --import tsx bench/api.bench.ts');
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

if (process.env.API_BENCH_SERVER === '1') await serve();
else await main();
