import type { SourceRow } from '../../../src/pipeline/formats/record-format.js';

/** Reads every row of a reader into an array (test files are small). */
export async function collectRows(rows: AsyncIterable<SourceRow>): Promise<SourceRow[]> {
  const out: SourceRow[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

export const FIXTURES = new URL('../../fixtures/', import.meta.url).pathname;
