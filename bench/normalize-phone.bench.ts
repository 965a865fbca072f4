// normalizePhone (with carrier, region, time zone, rules and confidence) against the bare
// libphonenumber-js parse → isValid → format → getNumberType loop, on the same 1M generated
// inputs in the same run. Budget: at least 0.7× the bare loop.
//
// Each timed loop runs in a fresh worker thread (its own V8 isolate), alternating sides:
// run in one isolate, the two loops share libphonenumber-js's JIT feedback and slow each
// other down in ways neither shows in production, where only one of them runs.
import os from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { createPhoneEngine } from '../src/enrich/index.js';
import { generatePhoneInputs } from '../test/core/phone/phone-inputs.js';
import { median, recordResults } from './lib/results.js';

interface Job {
  mode: 'bare' | 'engine';
  raws: string[];
  countries: CountryCode[];
}

const WARM_UP = 100_000;

function bare(raws: string[], countries: CountryCode[], n: number): number {
  let sink = 0;
  for (let i = 0; i < n; i++) {
    const pn = parsePhoneNumberFromString(raws[i] as string, countries[i]);
    if (!pn) continue;
    if (pn.isValid()) sink++;
    sink += pn.format('E.164').length;
    if (pn.getType() !== undefined) sink++;
  }
  return sink;
}

function engineLoop(raws: string[], countries: CountryCode[], n: number): number {
  const engine = cachedEngine();
  let sink = 0;
  for (let i = 0; i < n; i++) {
    const r = engine.normalize(raws[i] as string, { defaultCountry: countries[i] });
    sink += r.confidence_score + (r.carrier ? 1 : 0) + (r.region ? 1 : 0) + (r.timezone ? 1 : 0);
  }
  return sink;
}

let engineInstance: ReturnType<typeof createPhoneEngine> | undefined;
function cachedEngine(): ReturnType<typeof createPhoneEngine> {
  engineInstance ??= createPhoneEngine();
  return engineInstance;
}

if (!isMainThread) {
  const { mode, raws, countries } = workerData as Job;
  const loop = mode === 'bare' ? bare : engineLoop;
  // Warm-up: JIT the loop and load the geo/carrier files the inputs touch.
  loop(raws, countries, Math.min(raws.length, WARM_UP));
  const t0 = performance.now();
  const sink = loop(raws, countries, raws.length);
  parentPort?.postMessage({ rate: raws.length / ((performance.now() - t0) / 1000), sink });
} else {
  await main();
}

function runWorker(job: Job): Promise<number> {
  return new Promise((resolve, reject) => {
    // A worker does not inherit the TypeScript loader: register tsx in it, then load this file.
    const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
    const worker = new Worker(boot, { eval: true, workerData: job });
    worker.once('message', (m: { rate: number }) => resolve(m.rate));
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`worker exited with ${code}`)));
  });
}

async function main(): Promise<void> {
  const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
  const RUNS = Number(process.env.BENCH_RUNS ?? 5);
  const BUDGET = 0.7;
  const started = performance.now();
  // Absolute rates swing with the machine's load; the ratio is the figure to compare.
  const loadBefore = os.loadavg();
  const inputs = generatePhoneInputs(ROWS, 20_260_901);
  const raws = inputs.map((i) => i.raw);
  const countries = inputs.map((i) => i.defaultCountry as CountryCode);
  console.error(
    `generated ${ROWS.toLocaleString('en')} inputs in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const bareRates: number[] = [];
  const engineRates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    // Alternate the order so drift on a shared machine hits both sides alike.
    const order: Job['mode'][] = run % 2 === 0 ? ['bare', 'engine'] : ['engine', 'bare'];
    for (const mode of order) {
      const rate = await runWorker({ mode, raws, countries });
      (mode === 'bare' ? bareRates : engineRates).push(rate);
    }
    console.error(
      `run ${run + 1}: bare ${Math.round(bareRates[run] as number).toLocaleString('en')}/s · normalizePhone ${Math.round(engineRates[run] as number).toLocaleString('en')}/s`,
    );
  }
  const loadAfter = os.loadavg();
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(', ');
  const bareMedian = median(bareRates);
  const engineMedian = median(engineRates);
  const ratio = engineMedian / bareMedian;
  const verdict = ratio >= BUDGET ? 'within budget' : 'BELOW BUDGET';
  const fmt = (n: number) => Math.round(n).toLocaleString('en');
  const markdown = `## normalizePhone vs bare libphonenumber-js

${ROWS.toLocaleString('en')} generated inputs (seeded; ~30 countries, Colombian old and new plans, labels,
extensions, prefixes, junk), one core, median of ${RUNS} runs; each run times each loop in a fresh worker
thread after a ${WARM_UP.toLocaleString('en')}-row warm-up.

| loop | per second |
|---|---|
| bare libphonenumber-js \`max\`: parse → isValid → format(E.164) → getType | ${fmt(bareMedian)} |
| \`createPhoneEngine().normalize\`: cleaning, rules, fake patterns, carrier, region, time zone, confidence | ${fmt(engineMedian)} |
| **ratio** (budget ≥ ${BUDGET}×) | **${ratio.toFixed(2)}×** — ${verdict} |

Runs (bare / engine): ${bareRates.map((b, i) => `${fmt(b)} / ${fmt(engineRates[i] as number)}`).join(' · ')}

Load average (1, 5, 15 min) on ${os.cpus().length} cores: ${load(loadBefore)} at the start, ${load(loadAfter)} at the end.`;
  console.log(markdown);
  recordResults('normalize-phone', markdown, 'node --import tsx bench/normalize-phone.bench.ts');
  if (ratio < BUDGET) process.exitCode = 1;
}
