// HTTP API benchmark: POST /v1/phones/validate (JWT auth, rate limiter, metrics, strict
// schema, enriched engine) beside a bare Fastify route returning a constant, both served
// by one child process and driven by autocannon from this one (so the load generator and
// the server do not share an event loop). Offered load 1,000 and 5,000 req/s, then
// unthrottled for the throughput ratio. Run: node --import tsx bench/api.bench.ts
import { fork } from 'node:child_process';
import os from 'node:os';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { signDevToken } from '../src/api/auth/sign-dev-token.js';
import { buildApp } from '../src/api/build-app.js';
import { createPhoneEngine } from '../src/enrich/index.js';
import { recordResults } from './lib/results.js';

const SECRET = 'bench-secret-bench-secret-bench-secret-000';
const DURATION_S = Number(process.env.BENCH_DURATION ?? 8);

async function serve(): Promise<void> {
  const engine = createPhoneEngine();
  const api = await buildApp({
    config: {
      logger: false,
      jwt: { issuer: 'bench', audience: 'phoneset', hs256Secret: SECRET },
      rateLimit: { readPerWindow: 1_000_000_000 },
    },
    validatePhone: (raw, options) => engine.normalize(raw, options),
  });
  const bare = Fastify({ logger: false });
  bare.post('/bare', async () => ({ ok: true }));
  const apiUrl = await api.listen({ port: 0, host: '127.0.0.1' });
  const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });
  process.send?.({ apiUrl, bareUrl });
}

interface Run {
  target: string;
  offered: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
}

const BODIES = [
  '300 123 4567',
  '(601) 234 5678',
  '+57 310 987 6543',
  '4444 5566',
  '+1 212 555 0199',
  'no number',
];

async function load(
  target: string,
  url: string,
  headers: Record<string, string>,
  rate: number | undefined,
): Promise<Run> {
  const result = await autocannon({
    url,
    method: 'POST',
    connections: rate === undefined ? 50 : Math.max(10, Math.ceil(rate / 100)),
    duration: DURATION_S,
    ...(rate === undefined ? {} : { overallRate: rate }),
    headers: { 'content-type': 'application/json', ...headers },
    requests: BODIES.map((phone) => ({ body: JSON.stringify({ phone_number: phone }) })),
  });
  return {
    target,
    offered: rate === undefined ? 'max' : `${rate}/s`,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    requests: result.requests.total,
  };
}

async function main(): Promise<void> {
  const child = fork(new URL(import.meta.url).pathname, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, API_BENCH_SERVER: '1' },
  });
  const { apiUrl, bareUrl } = await new Promise<{ apiUrl: string; bareUrl: string }>((resolve) =>
    child.once('message', (m) => resolve(m as { apiUrl: string; bareUrl: string })),
  );
  const token = await signDevToken({
    secret: SECRET,
    issuer: 'bench',
    audience: 'phoneset',
    roles: ['reader'],
  });
  const auth = { authorization: `Bearer ${token}` };
  const validateUrl = `${apiUrl}/v1/phones/validate`;
  const bare = `${bareUrl}/bare`;
  try {
    // Warm-up: JIT, engine data files, connection pools.
    await load('warm-up', validateUrl, auth, 500);
    const runs: Run[] = [];
    for (const rate of [1000, 5000, undefined]) {
      runs.push(await load('bare Fastify route', bare, {}, rate));
      runs.push(await load('POST /v1/phones/validate', validateUrl, auth, rate));
      console.error(runs.slice(-2));
    }
    const max = (t: string) => runs.find((r) => r.offered === 'max' && r.target.startsWith(t))?.rps ?? 0;
    const ratio = max('POST') / max('bare');
    const rows = runs
      .map(
        (r) =>
          `| ${r.target} | ${r.offered} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | ${r.errors} / ${r.requests} |`,
      )
      .join('\n');
    const load1 = os.loadavg()[0]?.toFixed(1);
    const markdown = `## API (\`POST /v1/phones/validate\` vs a bare Fastify route)

Server in a child process on 127.0.0.1, autocannon in the parent; ${DURATION_S} s per run; validate
goes through JWT (HS256) verification, the in-memory rate limiter, metrics, strict schema
validation and the enriched phone engine, cycling over ${BODIES.length} inputs. Machine load
average at the end of the run: ${load1} on ${os.cpus().length} cores (figures from a loaded
machine say little about the budgets; compare the two rows of each load, not absolute values).

| target | offered | achieved req/s | p50 ms | p99 ms | errors / requests |
|---|---|---|---|---|---|
${rows}

Unthrottled throughput, validate / bare route: **${ratio.toFixed(2)}×** (budget ≥ 0.3×).
Budget p99 < 10 ms at 1,000 req/s: ${runs.find((r) => r.offered === '1000/s' && r.target.startsWith('POST'))?.p99 ?? '?'} ms.`;
    console.log(markdown);
    recordResults('api', markdown, 'node --import tsx bench/api.bench.ts');
  } finally {
    child.kill('SIGTERM');
  }
}

if (process.env.API_BENCH_SERVER === '1') await serve();
else await main();
