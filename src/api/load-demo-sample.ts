import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImportDeps, ImportSummary } from '../pipeline/import/import-file.js';
import { importFile } from '../pipeline/import/import-file.js';
import { writeCustomerExport } from '../pipeline/normalize/write-customer-export.js';

export interface DemoSampleOptions {
  /** Folder the sample file is written to (kept: the lake holds its bytes too). */
  folder: string;
  /** Rows to generate. Default 2,000. */
  rows?: number;
  seed?: number;
  /** Counts registry records; the sample loads only when it answers 0. */
  countRecords(): Promise<number>;
}

/**
 * Loads a generated customer export into an empty registry through the import pipeline
 * (lake, manifest, rules, survivorship, audit), so a first `npm start` has data to show.
 * Does nothing when the registry already holds records.
 *
 * @example
 * const summary = await loadDemoSample({ folder: home, countRecords: () => store.phones.count() }, deps);
 */
export async function loadDemoSample(
  options: DemoSampleOptions,
  deps: ImportDeps,
): Promise<ImportSummary | undefined> {
  if ((await options.countRecords()) > 0) return undefined;
  await mkdir(options.folder, { recursive: true });
  const file = join(options.folder, 'demo-sample.csv');
  await writeCustomerExport({
    rows: options.rows ?? 2000,
    seed: options.seed ?? 42,
    output: file,
    format: 'csv',
  });
  return importFile({ file, source: 'manual_upload', actor: 'phoneset-demo', force: true }, deps);
}
