import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DedupeRunSummary } from '../../../src/pipeline/dedupe/index.js';
import { ensureBuiltCli, runPhoneset } from '../../cli/support/built-cli.js';

// Each command runs in its own folder, so the embedded store and keys live in ./.phoneset there.
const cwd = mkdtempSync(join(tmpdir(), 'phoneset-dedupe-cli-'));
const phoneset = (args: string[]) => runPhoneset(args, { cwd });

beforeAll(async () => {
  await ensureBuiltCli();
  const gen = await phoneset(['generate', '--rows', '4000', '--seed', '5', '--output', 'export.csv']);
  expect(gen.code).toBe(0);
  const imp = await phoneset(['import', 'export.csv', '--source', 'crm_salesforce', '--json']);
  expect(imp.code).toBe(0);
}, 400_000);
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('phoneset dedupe (built CLI)', { timeout: 120_000 }, () => {
  let summary: DedupeRunSummary;

  it('finds groups on a dry run and says nothing was merged', async () => {
    const sut = await phoneset(['dedupe', '--dry-run']);
    expect(sut.code).toBe(0);
    expect(sut.stdout).toMatch(/^Found [\d,]+ duplicate groups\n/);
    expect(sut.stdout).toMatch(/Dry run: nothing was written/);
    expect(sut.stdout).not.toMatch(/Merged/);
  });

  it('merges and prints the groups as JSON with members, source record ids, probability and master', async () => {
    const sut = await phoneset(['dedupe', '--json']);
    expect(sut.code).toBe(0);
    summary = JSON.parse(sut.stdout) as DedupeRunSummary;
    expect(summary.status).toBe('merged');
    expect(summary.groups).toBeGreaterThan(0);
    expect(summary.merged_records).toBe(summary.would_merge);
    expect(summary.merge_id).toMatch(/^\d+$/);
    const g = summary.duplicate_groups[0];
    expect(g).toBeDefined();
    expect(g?.phone_ids).toContain(g?.master_id);
    expect(Object.keys(g?.source_record_ids ?? {}).sort()).toEqual([...(g?.phone_ids ?? [])].sort());
    for (const ids of Object.values(g?.source_record_ids ?? {})) expect(ids.length).toBeGreaterThan(0);
    expect(g?.probability).toBeGreaterThanOrEqual(0.9);
    expect(g?.probability).toBeLessThanOrEqual(1);
  });

  it('explains a pair as a text waterfall and as JSON', async () => {
    const g = summary.duplicate_groups[0];
    const pair = `${g?.phone_ids[0]},${g?.phone_ids[1]}`;
    const text = await phoneset(['dedupe', '--explain', pair]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^pair \d+ ~ \d+\nprior/);
    expect(text.stdout).toMatch(/total [+-][\d.]+ bits · p = [\d.]+ · auto_merge/);
    const json = await phoneset(['dedupe', '--explain', pair, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({
      decision: 'auto_merge',
      model_version: expect.any(String),
    });
  });

  it('exits 2 on a malformed pair and 1 on a phone id that does not exist', async () => {
    const bad = await phoneset(['dedupe', '--explain', 'abc']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/CLI_BAD_USAGE/);
    const missing = await phoneset(['dedupe', '--explain', '1,999999999']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/DEDUPE_BAD_PAIR/);
  });

  it('reports shared numbers as JSON', async () => {
    const sut = await phoneset(['dedupe', 'report', '--json']);
    expect(sut.code).toBe(0);
    const report = JSON.parse(sut.stdout) as {
      shared_numbers: unknown[];
      customer_links: unknown[];
      records: number;
    };
    expect(report.records).toBeGreaterThan(0);
    expect(Array.isArray(report.shared_numbers)).toBe(true);
  });

  it('undoes the merge set once; a second undo fails with exit 1', async () => {
    const sut = await phoneset(['dedupe', 'undo', summary.merge_id as string]);
    expect(sut.code).toBe(0);
    expect(sut.stdout).toMatch(new RegExp(`^Undid merge set ${summary.merge_id}: \\d+ records restored`));
    const again = await phoneset(['dedupe', 'undo', summary.merge_id as string]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/DEDUPE_ALREADY_UNDONE/);
    const dry = await phoneset(['dedupe', '--dry-run', '--json']);
    expect((JSON.parse(dry.stdout) as DedupeRunSummary).would_merge).toBe(summary.merged_records);
  });

  it('review: lists, and answers unknown or malformed ids with exit 1 and 2', async () => {
    const list = await phoneset(['review', 'list']);
    expect(list.code).toBe(0);
    const missing = await phoneset(['review', 'accept', '999999']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/STORE_NOT_FOUND/);
    const bad = await phoneset(['review', 'reject', 'x']);
    expect(bad.code).toBe(2);
  });
});
