import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltCli, runPhoneset } from './support/built-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'phoneset-normalize-cli-'));
const file = (name: string) => join(dir, name);
const ndjson = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

beforeAll(async () => {
  await ensureBuiltCli();
  const generated = await runPhoneset([
    'generate',
    '--rows',
    '3000',
    '--seed',
    '5',
    '--output',
    file('export.csv'),
    '--truth',
    file('truth.csv'),
  ]);
  expect(generated.code).toBe(0);
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('phoneset normalize NUMBERS', () => {
  it('prints a readable table, one line per number', async () => {
    const sut = await runPhoneset(['normalize', '3001234567', '+57 601 234 5678']);
    expect(sut.code).toBe(0);
    expect(sut.stderr).toBe('');
    const lines = sut.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^input\s+e164\s+country\s+type\s+valid/);
    expect(lines).toHaveLength(4);
    expect(lines[2]).toMatch(/^3001234567\s+\+573001234567\s+CO\s+mobile\s+yes/);
    expect(lines[3]).toMatch(/^\+57 601 234 5678\s+\+576012345678\s+CO\s+fixed\s+yes/);
  });

  it('prints JSON with --json, for the seed cases of the issue', async () => {
    const inputs = [
      '+57 300 123 4567',
      '300-123-4567',
      '(300) 123 4567',
      '573001234567',
      '+5711234567',
      '123',
    ];
    const sut = await runPhoneset(['normalize', '--json', ...inputs]);
    expect(sut.code).toBe(0);
    const results = JSON.parse(sut.stdout) as {
      original: string;
      normalized: string | null;
      is_valid: boolean;
    }[];
    expect(results.map((r) => r.original)).toEqual(inputs);
    expect(results.slice(0, 4).map((r) => r.normalized)).toEqual(Array(4).fill('+573001234567'));
    expect(results[4]?.normalized).toBe('+576011234567');
    expect(results[5]?.is_valid).toBe(false);
  });

  it('uses --default-country for numbers without a country code', async () => {
    const sut = await runPhoneset(['normalize', '--json', '--default-country', 'mx', '55 1234 5678']);
    expect(sut.code).toBe(0);
    expect(JSON.parse(sut.stdout)[0].normalized).toBe('+525512345678');
  });

  it.each([
    [['normalize'], /--input/],
    [['normalize', '--default-country', 'Colombia', '300'], /--default-country/],
    [['normalize', '--input', 'x.csv', '--format', 'xml'], /xml/],
    [['normalize', '--input', 'x.csv', '3001234567'], /not both/],
    [['normalize', '--input', 'x.csv', '--output-format', 'parquet'], /parquet/],
  ])('exits 2 on bad usage: %j', async (args, message) => {
    const sut = await runPhoneset(args);
    expect(sut.code).toBe(2);
    expect(sut.stdout).toBe('');
    expect(sut.stderr).toMatch(message);
  });
});

describe('phoneset normalize --input', () => {
  it('streams a CSV to NDJSON in input order: input fields, then the result fields; a summary on stderr', async () => {
    const sut = await runPhoneset([
      'normalize',
      '--input',
      file('export.csv'),
      '--column',
      'phone_number',
      '--output',
      file('out.ndjson'),
    ]);
    expect(sut.code).toBe(0);
    expect(sut.stdout).toBe('');
    // Not a terminal: no progress bar, only the summary line.
    expect(sut.stderr).toMatch(
      /^phoneset normalize: 3,000 rows, [\d,]+ valid, [\d,]+ invalid in [\d.]+ s \([\d,]+ rows\/s\)\n$/,
    );
    const input = readFileSync(file('export.csv'), 'utf8').trim().split('\n');
    const header = input[0]?.split(',') ?? [];
    const out = ndjson(readFileSync(file('out.ndjson'), 'utf8'));
    expect(out).toHaveLength(3000);
    expect(Object.keys(out[0] ?? {}).slice(0, header.length)).toEqual(header);
    expect(Object.keys(out[0] ?? {})).toContain('normalized');
    expect(Object.keys(out[0] ?? {})).toContain('issues');
    const ids = input.slice(1).map((line) => line.split(',').at(-1));
    expect(out.map((r) => r.source_record_id)).toEqual(ids);
  });

  it('reads every readable generated row back to its true number', async () => {
    const sut = await runPhoneset([
      'normalize',
      '--input',
      file('export.csv'),
      '--output',
      file('auto.ndjson'),
    ]);
    expect(sut.code).toBe(0);
    const truth = new Map(
      readFileSync(file('truth.csv'), 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => {
          const [id, , e164, , kind, form] = line.split(',');
          return [id, { e164, kind, form }] as const;
        }),
    );
    let checked = 0;
    for (const row of ndjson(readFileSync(file('auto.ndjson'), 'utf8'))) {
      const t = truth.get(row.source_record_id as string);
      if (
        !t?.e164 ||
        t.kind?.startsWith('typo_') ||
        t.form === 'excel_scientific' ||
        t.form === 'fixed_bare7'
      )
        continue;
      expect(row.normalized, `${row.phone_number} (${t.form})`).toBe(t.e164);
      checked++;
    }
    expect(checked).toBeGreaterThan(2500);
  });

  it('writes CSV with --output-format csv', async () => {
    const sut = await runPhoneset([
      'normalize',
      '--input',
      file('export.csv'),
      '--output-format',
      'csv',
      '--output',
      '-',
    ]);
    expect(sut.code).toBe(0);
    const lines = sut.stdout.trim().split('\n');
    expect(lines).toHaveLength(3001);
    expect(lines[0]).toMatch(
      /^customer_id,phone_number,.*,source_record_id,original,normalized,country_code,type,is_valid,/,
    );
  });

  it('reads NDJSON with a per-row country and copies other fields through', async () => {
    writeFileSync(
      file('rows.ndjson'),
      [
        '{"id":"a","phone":"55 1234 5678","country":"MX","note":"casa"}',
        '{"id":"b","phone":"3001234567"}',
        'not json',
        '{"id":"c","phone":"N/A"}',
      ].join('\n'),
    );
    const sut = await runPhoneset(['normalize', '--input', file('rows.ndjson')]);
    expect(sut.code).toBe(0);
    const out = ndjson(sut.stdout);
    expect(out.map((r) => [r.id ?? null, r.normalized, r.is_valid])).toEqual([
      ['a', '+525512345678', true],
      ['b', '+573001234567', true],
      [null, null, false],
      ['c', null, false],
    ]);
    expect(out[0]?.note).toBe('casa');
    expect(out[2]?.row_error).toMatch(/line 3/);
    expect(sut.stderr).toMatch(/4 rows, 2 valid, 1 invalid, 1 unreadable/);
  });

  it('reads a list of numbers from stdin', async () => {
    const sut = await runPhoneset(['normalize', '--input', '-'], {
      stdin: '3001234567\n\n0057 310 555 1234\n',
    });
    expect(sut.code).toBe(0);
    expect(ndjson(sut.stdout).map((r) => r.normalized)).toEqual(['+573001234567', '+573105551234']);
  });

  it('writes into a named pipe (or a device such as /dev/null) without replacing it', async () => {
    const fifo = file('out.fifo');
    execFileSync('mkfifo', [fifo]);
    const received = new Promise<string>((resolve, reject) => {
      let text = '';
      createReadStream(fifo, 'utf8')
        .on('data', (chunk) => {
          text += chunk;
        })
        .on('end', () => resolve(text))
        .on('error', reject);
    });
    const sut = await runPhoneset(['normalize', '--input', '-', '--output', fifo], { stdin: '3001234567\n' });
    expect(sut.code).toBe(0);
    expect(ndjson(await received).map((r) => r.normalized)).toEqual(['+573001234567']);
    expect(statSync(fifo).isFIFO()).toBe(true);
  });

  it('exits 1 naming the file when the input does not exist', async () => {
    const sut = await runPhoneset(['normalize', '--input', file('missing.csv')]);
    expect(sut.code).toBe(1);
    expect(sut.stderr).toContain('INPUT_NOT_FOUND');
    expect(sut.stderr).toContain('missing.csv');
  });

  it('exits 1 naming the column and the columns the file has', async () => {
    const sut = await runPhoneset(['normalize', '--input', file('export.csv'), '--column', 'telefono']);
    expect(sut.code).toBe(1);
    expect(sut.stdout).toBe('');
    expect(sut.stderr).toContain('INPUT_MISSING_COLUMN');
    expect(sut.stderr).toContain('Column "telefono" not found in');
    expect(sut.stderr).toContain('export.csv');
    expect(sut.stderr).toContain('columns are: customer_id, phone_number, phone_type');
  });

  it('gives the same bytes on worker threads as in-process for a large input', async () => {
    const big = await runPhoneset([
      'generate',
      '--rows',
      '30000',
      '--seed',
      '9',
      '--output',
      file('big.csv'),
    ]);
    expect(big.code).toBe(0);
    const pooled = await runPhoneset([
      'normalize',
      '--input',
      file('big.csv'),
      '--workers',
      '2',
      '--output',
      file('p.ndjson'),
    ]);
    const single = await runPhoneset([
      'normalize',
      '--input',
      file('big.csv'),
      '--workers',
      '0',
      '--output',
      file('s.ndjson'),
    ]);
    expect([pooled.code, single.code]).toEqual([0, 0]);
    const p = readFileSync(file('p.ndjson'));
    expect(p.equals(readFileSync(file('s.ndjson')))).toBe(true);
    expect(p.toString('utf8').trim().split('\n')).toHaveLength(30_000);
  }, 300_000);
});
