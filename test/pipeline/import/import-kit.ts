import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPhoneEngine, type PhoneEngine } from '../../../src/enrich/index.js';
import { FileLake } from '../../../src/lake/index.js';
import {
  type ImportDeps,
  type ImportFileOptions,
  type ImportSummary,
  importFile,
} from '../../../src/pipeline/import/index.js';
import type { Backend } from '../../support/services.js';
import { createTestStore, type TestStore } from '../../support/store.js';

let engine: PhoneEngine | undefined;

/** A migrated test store, a real lake in a temp folder, and the enriched phone engine. */
export interface ImportKit extends TestStore {
  dir: string;
  deps: ImportDeps;
  /** Writes a file in the kit's folder and returns its path. */
  file(name: string, content: string | Buffer): string;
  run(file: string, options?: Partial<ImportFileOptions>): Promise<ImportSummary>;
  /** Rows of a table, counted with a WHERE clause. */
  count(table: string, where?: string, params?: unknown[]): Promise<number>;
  close(): Promise<void>;
}

/**
 * Everything an import test needs, on one backend.
 *
 * @example
 * const kit = await createImportKit('pglite'); … await kit.close();
 */
export async function createImportKit(backend: Backend): Promise<ImportKit> {
  const t = await createTestStore(backend);
  const dir = mkdtempSync(join(tmpdir(), 'phoneset-import-'));
  engine ??= createPhoneEngine();
  const deps: ImportDeps = {
    store: t.store,
    lake: new FileLake({ root: join(dir, 'lake'), keyRing: t.ring }),
    engine,
  };
  return {
    ...t,
    dir,
    deps,
    file(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    run: (file, options = {}) =>
      importFile({ file, source: 'crm_salesforce', actor: 'tester', ...options }, deps),
    async count(table, where = 'TRUE', params = []) {
      const [row] = await t.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${table} WHERE ${where}`,
        params,
      );
      return row?.n ?? 0;
    },
    async close() {
      await t.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The outcome counts of a summary add up to the rows received. */
export function addsUp(s: ImportSummary): boolean {
  return s.received === s.inserted + s.updated + s.unchanged + s.rejected + s.duplicates;
}
