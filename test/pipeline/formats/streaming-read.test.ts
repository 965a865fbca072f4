import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readRecords } from '../../../src/pipeline/formats/read-records.js';
import type { InputFormat } from '../../../src/pipeline/formats/record-format.js';

/** A lazy 100 MB-ish source that counts how many bytes the reader pulled, and whether it was closed. */
function generatedSource(line: (i: number) => string, lines = 2_000_000) {
  const stats = { pulled: 0, closed: false };
  async function* gen() {
    try {
      if (line(-1)) yield Buffer.from(line(-1));
      for (let i = 0; i < lines; i += 100) {
        let chunk = '';
        for (let j = i; j < i + 100; j++) chunk += line(j);
        const bytes = Buffer.from(chunk);
        stats.pulled += bytes.length;
        yield bytes;
      }
    } finally {
      stats.closed = true;
    }
  }
  return { stream: Readable.from(gen(), { objectMode: false }), stats };
}

const CASES: Array<[InputFormat, (i: number) => string]> = [
  [
    'csv',
    (i) =>
      i < 0
        ? 'customer_id;telefono;nombre\n'
        : `C${i};300${String(i).padStart(7, '0')};Cliente número ${i}\n`,
  ],
  ['ndjson', (i) => (i < 0 ? '' : `{"customer_id":"C${i}","phone":"300${i}","name":"Cliente ${i}"}\n`)],
  ['lines', (i) => (i < 0 ? '' : `+57 300 ${i}\n`)],
];

describe('streaming read', () => {
  for (const [format, line] of CASES) {
    it(`${format}: pulls only what the consumer reads, and closes the source on early stop`, async () => {
      const { stream, stats } = generatedSource(line);
      let seen = 0;
      for await (const row of readRecords(stream, { format })) {
        expect(row.error).toBeUndefined();
        seen++;
        if (seen === 1000) break;
      }
      // 2M lines are ~80 MB; what was pulled is the sniff window plus a few stream buffers.
      expect(stats.pulled).toBeLessThan(2 * 1024 * 1024);
      await new Promise((r) => setImmediate(r));
      expect(stats.closed).toBe(true);
    });
  }

  it('csv: a slow consumer of 50k rows never lets the reader run far ahead', async () => {
    const { stream, stats } = generatedSource(CASES[0]?.[1] as (i: number) => string);
    let seen = 0;
    let maxAhead = 0;
    for await (const _row of readRecords(stream, { format: 'csv' })) {
      seen++;
      maxAhead = Math.max(maxAhead, stats.pulled - seen * 40);
      if (seen % 5000 === 0) await new Promise((r) => setTimeout(r, 1));
      if (seen === 50_000) break;
    }
    expect(maxAhead).toBeLessThan(2 * 1024 * 1024);
  });
});
