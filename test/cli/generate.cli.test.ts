import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_COLUMNS, TRUTH_COLUMNS } from '../../src/core/generate/index.js';
import { ensureBuiltCli, runPhoneset } from './support/built-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'phoneset-generate-cli-'));
const file = (name: string) => join(dir, name);
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

beforeAll(() => ensureBuiltCli(), 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('phoneset generate', () => {
  it('writes the same bytes for the same seed, and other bytes for another seed', async () => {
    for (const [name, seed] of [
      ['a.csv', '17'],
      ['b.csv', '17'],
      ['c.csv', '18'],
    ] as const) {
      const sut = await runPhoneset(['generate', '--rows', '4000', '--seed', seed, '--output', file(name)]);
      expect(sut.code).toBe(0);
      expect(sut.stdout).toBe('');
      expect(sut.stderr).toMatch(/^phoneset generate: 4,000 rows \(seed 1[78], csv\)/);
    }
    expect(sha(file('a.csv'))).toBe(sha(file('b.csv')));
    expect(sha(file('a.csv'))).not.toBe(sha(file('c.csv')));
    const lines = readFileSync(file('a.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe(EXPORT_COLUMNS.join(','));
    expect(lines).toHaveLength(4001);
  }, 180_000);

  it('writes a truth row for every export row, joined by source_record_id', async () => {
    const sut = await runPhoneset([
      'generate',
      '--rows',
      '2000',
      '--seed',
      '3',
      '--format',
      'ndjson',
      '--output',
      file('e.ndjson'),
      '--truth',
      file('t.csv'),
    ]);
    expect(sut.code).toBe(0);
    const rows = readFileSync(file('e.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, string>);
    const truth = readFileSync(file('t.csv'), 'utf8').trim().split('\n');
    expect(truth[0]).toBe(TRUTH_COLUMNS.join(','));
    expect(Object.keys(rows[0] ?? {})).toEqual([...EXPORT_COLUMNS]);
    expect(truth.slice(1).map((l) => l.split(',')[0])).toEqual(rows.map((r) => r.source_record_id));
  });

  it('writes stdout with --output - and JSON with --format json', async () => {
    const sut = await runPhoneset(['generate', '--rows', '25', '--format', 'json']);
    expect(sut.code).toBe(0);
    const rows = JSON.parse(sut.stdout) as Record<string, string>[];
    expect(rows).toHaveLength(25);
    expect(Object.keys(rows[0] ?? {})).toEqual([...EXPORT_COLUMNS]);
  });

  it('writes an Excel workbook with --format xlsx', async () => {
    const sut = await runPhoneset(['generate', '--rows', '300', '--seed', '4', '--output', file('x.xlsx')]);
    expect(sut.code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file('x.xlsx'));
    const sheet = workbook.worksheets[0];
    expect(sheet?.rowCount).toBe(301);
    expect(((sheet?.getRow(1).values ?? []) as unknown[]).slice(1)).toEqual([...EXPORT_COLUMNS]);
  });

  it('exits 2 on a bad row count', async () => {
    const sut = await runPhoneset(['generate', '--rows', 'many']);
    expect(sut.code).toBe(2);
    expect(sut.stderr).toMatch(/--rows/);
  });

  it('documents the truth format in its help', async () => {
    const sut = await runPhoneset(['generate', '--help']);
    expect(sut.code).toBe(0);
    for (const column of TRUTH_COLUMNS) expect(sut.stdout).toContain(column);
  });
});

describe('phoneset demo', () => {
  it('generates and normalizes a sample, printing counts by validity, country, type and issue', async () => {
    const sut = await runPhoneset(['demo', '--rows', '3000']);
    expect(sut.code).toBe(0);
    for (const heading of ['Validity', 'Country', 'Number type', 'Issues'])
      expect(sut.stdout).toContain(heading);
    expect(sut.stdout).toMatch(/^CO\s+█+\s+[\d,]+\s+\d+\.\d%$/m);
    expect(sut.stdout).toMatch(/^LEGACY_FIXED_MIGRATED\s+█+/m);
    expect(sut.stderr).toMatch(/3,000 rows/);
  });
});
