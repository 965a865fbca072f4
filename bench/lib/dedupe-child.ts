// `runDedupe` in a process of its own, as `phoneset dedupe` runs it, so that the benchmark's
// peak RSS is the dedupe's alone (the import before it leaves the parent's heap and the
// embedded database's memory grown). Prints the run summary as one JSON line.
//
//   PHONESET_KEYS=… node --import tsx bench/lib/dedupe-child.ts DATA_DIR
import { runDedupe } from '../../src/pipeline/dedupe/index.js';
import { parseKeyMaterial } from '../../src/security/key-material.js';
import { KeyRing } from '../../src/security/key-ring.js';
import { openDb } from '../../src/store/open-db.js';
import { createStore } from '../../src/store/store.js';

const dataDir = process.argv[2];
if (!dataDir || !process.env.PHONESET_KEYS)
  throw new Error('usage: PHONESET_KEYS=… dedupe-child.ts DATA_DIR');
const store = createStore(
  await openDb({ url: undefined, dataDir, poolSize: 1 }),
  new KeyRing(parseKeyMaterial(process.env.PHONESET_KEYS, 'PHONESET_KEYS')),
);
try {
  const summary = await runDedupe(store, { actor: 'bench', sourceRecordIds: false });
  const { duplicate_groups: _groups, ...rest } = summary;
  console.log(JSON.stringify(rest));
} finally {
  await store.close();
}
