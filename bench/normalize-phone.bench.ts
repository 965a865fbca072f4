// normalizePhone (with carrier, region, time zone, rules and confidence) against the bare
// libphonenumber-js parse → isValid → format → getNumberType loop, on the same 1M generated
// inputs in the same process. Budget: at least 0.7× the bare loop.
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { createPhoneEngine } from '../src/enrich/index.js';
import { generatePhoneInputs } from '../test/core/phone/phone-inputs.js';
import { median, recordResults } from './lib/results.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const BUDGET = 0.7;

const started = performance.now();
const inputs = generatePhoneInputs(ROWS, 20_260_901);
const raws = inputs.map((i) => i.raw);
const countries = inputs.map((i) => i.defaultCountry as CountryCode);
console.error(
  `generated ${ROWS.toLocaleString('en')} inputs in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);

const engine = createPhoneEngine();

function bare(n = raws.length): number {
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

function engineLoop(n = raws.length): number {
  let sink = 0;
  for (let i = 0; i < n; i++) {
    const r = engine.normalize(raws[i] as string, { defaultCountry: countries[i] });
    sink += r.confidence_score + (r.carrier ? 1 : 0) + (r.region ? 1 : 0) + (r.timezone ? 1 : 0);
  }
  return sink;
}

function rate(fn: () => number): number {
  const t0 = performance.now();
  fn();
  return raws.length / ((performance.now() - t0) / 1000);
}

// Warm-up: JIT both loops and load the geo/carrier files the inputs touch.
const WARM_UP = Math.min(raws.length, 100_000);
bare(WARM_UP);
engineLoop(WARM_UP);

const bareRates: number[] = [];
const engineRates: number[] = [];
for (let run = 0; run < RUNS; run++) {
  // Alternate the order so drift on a shared machine hits both sides alike.
  if (run % 2 === 0) {
    bareRates.push(rate(bare));
    engineRates.push(rate(engineLoop));
  } else {
    engineRates.push(rate(engineLoop));
    bareRates.push(rate(bare));
  }
  console.error(
    `run ${run + 1}: bare ${Math.round(bareRates[run] as number).toLocaleString('en')}/s · normalizePhone ${Math.round(engineRates[run] as number).toLocaleString('en')}/s`,
  );
}

const bareMedian = median(bareRates);
const engineMedian = median(engineRates);
const ratio = engineMedian / bareMedian;
const verdict = ratio >= BUDGET ? 'within budget' : 'BELOW BUDGET';
const fmt = (n: number) => Math.round(n).toLocaleString('en');
const markdown = `## normalizePhone vs bare libphonenumber-js

${ROWS.toLocaleString('en')} generated inputs (seeded; ~30 countries, Colombian old and new plans, labels, extensions,
prefixes, junk), median of ${RUNS} runs, one core.

| loop | per second |
|---|---|
| bare libphonenumber-js \`max\`: parse → isValid → format(E.164) → getType | ${fmt(bareMedian)} |
| \`createPhoneEngine().normalize\`: cleaning, rules, fake patterns, carrier, region, time zone, confidence | ${fmt(engineMedian)} |
| **ratio** (budget ≥ ${BUDGET}×) | **${ratio.toFixed(2)}×** — ${verdict} |

Runs (bare / engine): ${bareRates.map((b, i) => `${fmt(b)} / ${fmt(engineRates[i] as number)}`).join(' · ')}`;

console.log(markdown);
recordResults('normalize-phone', markdown, 'node --import tsx bench/normalize-phone.bench.ts');
if (ratio < BUDGET) process.exitCode = 1;
