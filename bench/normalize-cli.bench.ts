// End-to-end `phoneset normalize` benchmark: a generated CSV (1M rows by default) through the
// built CLI on worker threads (one per core), beside two baselines measured in the same run on
// the same file: a plain csv-parse → csv-stringify pass-through (the I/O floor) and the same
// command in-process (--workers 0). Then peak RSS at 1M and at 5M rows (flat: 5M within 1.2×
// of 1M). Each figure is a child process timed by /usr/bin/time (wall, CPU, max RSS); output
// goes to /dev/null so disk speed stays out of it. Run: node --import tsx bench/normalize-cli.bench.ts
// Sizes: BENCH_ROWS (default 1,000,000), BENCH_BIG_ROWS (default 5,000,000), BENCH_REPEATS (3).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, recordResults } from './lib/results.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist/cli/main.js');
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const BIG_ROWS = Number(process.env.BENCH_BIG_ROWS ?? 5_000_000);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const WORKERS = availableParallelism();

interface Measure {
  wall: number;
  cpu: number;
  maxRssMb: number;
}

/** Runs a command under /usr/bin/time and returns wall seconds, CPU seconds and peak RSS. */
function timed(args: string[]): Promise<Measure> {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', 'BENCH %e %U %S %M', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stderr.split('\n').find((l) => l.startsWith('BENCH '));
      if (code !== 0 || !line)
        return reject(new Error(`${args.join(' ')} failed (${code}): ${stderr.slice(-500)}`));
      const [, wall, user, sys, rssKb] = line.split(' ').map(Number);
      resolve({
        wall: wall as number,
        cpu: (user as number) + (sys as number),
        maxRssMb: (rssKb as number) / 1024,
      });
    });
  });
}

const node = (...args: string[]) => [process.execPath, ...args];
const normalize = (input: string, workers: number) =>
  node(
    CLI,
    'normalize',
    '--input',
    input,
    '--column',
    'phone_number',
    '--output',
    '/dev/null',
    '--workers',
    String(workers),
  );
// The floor: the same file through csv-parse and csv-stringify, streaming, nothing else.
const passThrough = (input: string) =>
  node(
    '--input-type=module',
    '-e',
    `import { createReadStream, createWriteStream } from 'node:fs';
     import { pipeline } from 'node:stream/promises';
     import { parse } from 'csv-parse';
     import { stringify } from 'csv-stringify';
     await pipeline(createReadStream(${JSON.stringify(input)}), parse({ columns: true }), stringify({ header: true }), createWriteStream('/dev/null'));`,
  );

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  if (!existsSync(CLI))
    throw new Error('dist/cli/main.js is missing: run `npm run build` (npm run bench does)');
  const dir = mkdtempSync(join(tmpdir(), 'phoneset-bench-normalize-'));
  const loadBefore = loadavg()[0] as number;
  try {
    const small = join(dir, 'export-small.csv');
    const big = join(dir, 'export-big.csv');
    console.error(`generating ${fmt(ROWS)} rows…`);
    const gen = await timed(node(CLI, 'generate', '--rows', String(ROWS), '--seed', '1', '--output', small));

    const runs: Record<'pass' | 'single' | 'pool', Measure[]> = { pass: [], single: [], pool: [] };
    for (let i = 0; i < REPEATS; i++) {
      // Interleaved, so that a burst of load from other processes hits every variant alike.
      console.error(`run ${i + 1}/${REPEATS}: pass-through, in-process, ${WORKERS} workers`);
      runs.pass.push(await timed(passThrough(small)));
      runs.single.push(await timed(normalize(small, 0)));
      runs.pool.push(await timed(normalize(small, WORKERS)));
    }
    console.error(`generating ${fmt(BIG_ROWS)} rows…`);
    await timed(node(CLI, 'generate', '--rows', String(BIG_ROWS), '--seed', '1', '--output', big));
    rmSync(small, { force: true });
    console.error(`normalizing ${fmt(BIG_ROWS)} rows on ${WORKERS} workers…`);
    const bigRun = await timed(normalize(big, WORKERS));
    const loadAfter = loadavg()[0] as number;

    const rate = (ms: Measure[]) => median(ms.map((m) => ROWS / m.wall));
    const cpuPerRow = (ms: Measure[]) => median(ms.map((m) => (m.cpu / ROWS) * 1e6));
    const rss = (ms: Measure[]) => median(ms.map((m) => m.maxRssMb));
    const spread = (ms: Measure[]) => ms.map((m) => fmt(ROWS / m.wall)).join(' / ');
    const poolRss = rss(runs.pool);
    const flat = bigRun.maxRssMb / poolRss;
    const markdown = `## \`phoneset normalize\` end to end (CSV → NDJSON)

${fmt(ROWS)}-row generated CSV (\`phoneset generate --seed 1\`), \`--column phone_number\`, output to
/dev/null; every variant is a child process timed by /usr/bin/time; median of ${REPEATS} interleaved runs.

| variant | rows/s (wall) | CPU µs/row | peak RSS |
|---|---|---|---|
| baseline: csv-parse → csv-stringify pass-through | ${fmt(rate(runs.pass))} | ${cpuPerRow(runs.pass).toFixed(1)} | ${fmt(rss(runs.pass))} MB |
| baseline: \`phoneset normalize --workers 0\` (in-process) | ${fmt(rate(runs.single))} | ${cpuPerRow(runs.single).toFixed(1)} | ${fmt(rss(runs.single))} MB |
| **\`phoneset normalize\` (${WORKERS} workers)** | **${fmt(rate(runs.pool))}** | ${cpuPerRow(runs.pool).toFixed(1)} | ${fmt(poolRss)} MB |

- workers vs in-process: **${(rate(runs.pool) / rate(runs.single)).toFixed(2)}×**; vs the pass-through floor: ${(rate(runs.pool) / rate(runs.pass)).toFixed(2)}×
- peak RSS: ${fmt(poolRss)} MB at ${fmt(ROWS)} rows, ${fmt(bigRun.maxRssMb)} MB at ${fmt(BIG_ROWS)} rows → **${flat.toFixed(2)}×** (budget ≤ 1.2×: ${flat <= 1.2 ? 'flat' : 'NOT flat'}); ${fmt(BIG_ROWS / bigRun.wall)} rows/s at ${fmt(BIG_ROWS)}
- runs (rows/s): pass-through ${spread(runs.pass)} · in-process ${spread(runs.single)} · workers ${spread(runs.pool)}
- generating the ${fmt(ROWS)} rows: ${fmt(ROWS / gen.wall)} rows/s
- machine load (1-min average) ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after, on ${availableParallelism()} cores: wall figures are only comparable within this run`;
    console.log(markdown);
    recordResults('normalize-cli', markdown, 'npm run bench -- normalize-cli');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
