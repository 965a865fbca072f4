/**
 * Registry quality measurement (`phoneset quality-report` / `gate`) on a PGlite store: one
 * customer-ordered pass with the suite, metrics and dedupe windows, beside the floor of the same
 * pass that only reads the records, measured in the same run.
 *
 *   node --import tsx bench/quality.bench.ts [customers]
 */
import { QUALITY_ENGINE } from '../src/cli/commands/quality-report.command.js';
import { makeSyntheticRegistry } from '../src/core/dedupe/make-synthetic-registry.js';
import { loadSuite, measureRegistry } from '../src/pipeline/quality/index.js';
import { createContentDigest } from '../src/pipeline/release/index.js';
import { generateKeyMaterial } from '../src/security/key-material.js';
import { KeyRing } from '../src/security/key-ring.js';
import { migrate } from '../src/store/migrate.js';
import { PgliteDb } from '../src/store/pglite.db.js';
import { createStore } from '../src/store/store.js';
import { median, recordResults } from './lib/results.js';

const customers = Number(process.argv[2] ?? 4000);
const { records } = makeSyntheticRegistry({ customers, seed: 7 });
const db = await PgliteDb.open('memory://');
await migrate(db);
const store = createStore(db, new KeyRing(generateKeyMaterial('bench')));
const ids = await store.phones.reserveIds(records.length);
const rows = records.map((r, i) => ({
  ...r,
  phone_id: ids[i] as string,
  merged_into: null,
  deleted_at: null,
}));
for (let i = 0; i < rows.length; i += 2000) await store.applyChanges({ inserts: rows.slice(i, i + 2000) });
const suite = loadSuite();

async function time(run: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await run();
  return performance.now() - t;
}

const floor: number[] = [];
const noDedupe: number[] = [];
const full: number[] = [];
for (let i = 0; i < 3; i++) {
  floor.push(
    await time(async () => {
      const d = createContentDigest();
      for await (const r of store.phones.iterate({ include_deleted: true }, { orderBy: 'customer_id' }))
        d.add(r);
    }),
  );
  noDedupe.push(await time(() => measureRegistry(store, { suite, engine: QUALITY_ENGINE, dedupe: false })));
  full.push(await time(() => measureRegistry(store, { suite, engine: QUALITY_ENGINE })));
}
await store.close();

const n = rows.length;
const rate = (ms: number) => Math.round(n / (ms / 1000)).toLocaleString('en-US');
const lines = [
  '## Registry quality measurement',
  '',
  `${n.toLocaleString('en-US')} records of ${customers.toLocaleString('en-US')} customers (synthetic registry, seed 7), PGlite in memory, median of 3.`,
  '',
  '| pass | median ms | records/s | × floor |',
  '| --- | ---: | ---: | ---: |',
  `| floor: read in customer order + content digest | ${median(floor).toFixed(0)} | ${rate(median(floor))} | 1.00 |`,
  `| suite + metrics + today's verdicts, no dedupe | ${median(noDedupe).toFixed(0)} | ${rate(median(noDedupe))} | ${(median(noDedupe) / median(floor)).toFixed(2)} |`,
  `| suite + metrics + verdicts + dedupe windows | ${median(full).toFixed(0)} | ${rate(median(full))} | ${(median(full) / median(floor)).toFixed(2)} |`,
  '',
];
process.stdout.write(`${lines.join('\n')}\n`);
recordResults('quality', lines.join('\n'), 'node --import tsx bench/quality.bench.ts');
