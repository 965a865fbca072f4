// An open-loop load generator: requests leave on a fixed schedule (one every 1/rate s),
// whether or not earlier ones have been answered, and each latency is counted from the time
// its request was due, not from when it left. This is what "p99 at N requests/s offered"
// means (wrk2's method). autocannon's rate option is not that: each connection sends its
// per-second quota back to back as soon as the second starts and then waits, so a "1,000
// req/s" run is ten connections at full speed for part of every second, and its latency
// correction assumes one request per millisecond per connection. No maintained Node package
// offers a constant-rate schedule with latency from the due time, so this one is ours; the
// HTTP client is undici's connection pool.
import { fork } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';

/**
 * The requests to send: one method and headers, and the paths or bodies taken in turn (a GET
 * walks `paths`, a POST cycles `bodies` on `path`). Lists, not a callback, so that the
 * generator can run in a process of its own.
 */
export interface OpenLoopPlan {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  path?: string;
  paths?: readonly string[];
  bodies?: readonly string[];
}

export interface OpenLoopResult {
  /** Requests answered per second, from the first due time to the last answer. */
  rps: number;
  /** Latency percentiles in ms, from each request's due time to the end of its response. */
  p50: number;
  p99: number;
  max: number;
  /** Responses that were not 2xx, and requests that failed. */
  errors: number;
  requests: number;
  /** How late requests left, at worst (ms): a generator that falls behind shows here. */
  maxSendLagMs: number;
  /** The generator's own CPU time per request (µs). */
  cpuUs: number;
}

const WARMUP_S = 1;

/** The value at quantile q of sorted values (nearest rank). */
function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
}

/**
 * Offers `rate` requests per second to `origin` for `seconds`, from a child process of its
 * own: the caller's heap (a seeded sample, the phone engine's metadata) then never pauses the
 * schedule, and the generator's CPU is measured apart.
 *
 * @example
 * const r = await openLoop('http://127.0.0.1:3000', 1000, 8, { method: 'GET', headers: {}, paths: ['/health'] });
 * console.log(r.p99);
 */
export function openLoop(
  origin: string,
  rate: number,
  seconds: number,
  plan: OpenLoopPlan,
): Promise<OpenLoopResult> {
  const child = fork(fileURLToPath(import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, OPEN_LOOP_CHILD: '1' },
  });
  // Ahead of the server in the CPU queue when it can be (root): on a shared machine, a
  // generator that waits for a core sends late, and its lateness would count as the server's.
  try {
    if (child.pid !== undefined) os.setPriority(child.pid, -10);
  } catch {
    // not permitted: the result's maxSendLagMs shows what that cost
  }
  return new Promise<OpenLoopResult>((resolve, reject) => {
    child.once('message', (m) => {
      resolve(m as OpenLoopResult);
      child.disconnect();
    });
    child.once('exit', (code) => reject(new Error(`open-loop generator exited with ${code}`)));
    child.send({ origin, rate, seconds, plan });
  });
}

/** The schedule itself, in the generator process. */
async function run(
  origin: string,
  rate: number,
  seconds: number,
  plan: OpenLoopPlan,
): Promise<OpenLoopResult> {
  const path = plan.path ?? '/';
  const request = (i: number) => ({
    path: plan.paths ? (plan.paths[i % plan.paths.length] as string) : path,
    body: plan.bodies ? (plan.bodies[i % plan.bodies.length] as string) : null,
  });
  // Enough connections that requests never wait for a free one while the server keeps up;
  // when it does not, they queue in the pool and their wait counts from the due time.
  const pool = new Pool(origin, { connections: 64, pipelining: 1 });
  // The first second runs the same schedule unrecorded (wrk2 calibrates the same way): the
  // pool opens its connections and this fresh process compiles its hot paths.
  const warm = Math.round(rate * WARMUP_S);
  const total = warm + Math.round(rate * seconds);
  const latencies = new Float64Array(total - warm);
  const intervalMs = 1000 / rate;
  let errors = 0;
  let answered = 0;
  let maxSendLagMs = 0;
  let lastAnswerAt = 0;
  let cpuBefore = process.cpuUsage();
  const start = performance.now() + 10;
  try {
    await new Promise<void>((resolve) => {
      let next = 0;
      const fire = (i: number, due: number) => {
        const r = request(i);
        pool
          .request({ origin, method: plan.method, path: r.path, headers: plan.headers, body: r.body })
          .then(
            async (response) => {
              await response.body.dump();
              if ((response.statusCode < 200 || response.statusCode >= 300) && i >= warm) errors++;
            },
            () => {
              if (i >= warm) errors++;
            },
          )
          .finally(() => {
            lastAnswerAt = performance.now();
            if (i >= warm) latencies[i - warm] = lastAnswerAt - due;
            if (++answered === total) resolve();
          });
      };
      // Timers fire about once a millisecond at best: each tick sends every request now due.
      const tick = () => {
        const now = performance.now();
        while (next < total) {
          const due = start + next * intervalMs;
          if (due > now) break;
          if (next === warm) cpuBefore = process.cpuUsage();
          if (next >= warm) maxSendLagMs = Math.max(maxSendLagMs, now - due);
          fire(next, due);
          next++;
        }
        if (next < total) setTimeout(tick, Math.max(0, start + next * intervalMs - performance.now()));
      };
      setTimeout(tick, Math.max(0, start - performance.now()));
      if (total === 0) resolve();
    });
  } finally {
    await pool.close();
  }
  const measured = total - warm;
  latencies.sort();
  const cpu = process.cpuUsage(cpuBefore);
  return {
    cpuUs: (cpu.user + cpu.system) / Math.max(1, measured),
    rps: measured / Math.max(1e-9, (lastAnswerAt - (start + warm * intervalMs)) / 1000),
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    max: latencies[measured - 1] ?? Number.NaN,
    errors,
    requests: measured,
    maxSendLagMs,
  };
}

if (process.env.OPEN_LOOP_CHILD === '1') {
  process.once('message', (m) => {
    const { origin, rate, seconds, plan } = m as {
      origin: string;
      rate: number;
      seconds: number;
      plan: OpenLoopPlan;
    };
    void run(origin, rate, seconds, plan).then(
      (result) => process.send?.(result),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
