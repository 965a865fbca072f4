import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badBatchCsv, cleanCsv } from '../../pipeline/quality/quality-fixtures.js';
import { ensureBuiltCli, runPhoneset } from '../support/built-cli.js';

// The built CLI on its embedded store (PGlite in a temp home): exit codes and output.
describe('phoneset gate, quality-report, batches accept and release (built CLI)', () => {
  let home: string;
  const saved = { home: process.env.PHONESET_HOME, actor: process.env.PHONESET_ACTOR };
  const now = new Date();

  beforeAll(async () => {
    await ensureBuiltCli();
    home = mkdtempSync(join(tmpdir(), 'phoneset-quality-cli-'));
    process.env.PHONESET_HOME = home;
    process.env.PHONESET_ACTOR = 'ci-test';
  }, 300_000);
  afterAll(() => {
    if (saved.home === undefined) delete process.env.PHONESET_HOME;
    else process.env.PHONESET_HOME = saved.home;
    if (saved.actor === undefined) delete process.env.PHONESET_ACTOR;
    else process.env.PHONESET_ACTOR = saved.actor;
    rmSync(home, { recursive: true, force: true });
  });

  it('fails the gate on an empty registry with a clear message (exit 1)', async () => {
    const r = await runPhoneset(['gate']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('registry is empty (0 records): an empty dataset never passes the gate');
  }, 120_000);

  it('rejects a bad suite file with its file, line and reason (exit 2)', async () => {
    const suite = join(home, 'bad-suite.yaml');
    writeFileSync(suite, 'version: 1\nexpectations:\n  - type: values_not_nul\n    column: phone_number\n');
    const r = await runPhoneset(['gate', '--suite', suite]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('QUALITY_SUITE_INVALID');
    expect(r.stderr).toContain(`${suite}:3`);
    expect(r.stderr).toContain("did you mean 'values_not_null'");
  }, 120_000);

  it('passes the gate on a clean import and reports its numbers', async () => {
    const file = join(home, 'clean.csv');
    writeFileSync(file, cleanCsv(now));
    expect((await runPhoneset(['import', file, '--source', 'crm_salesforce'])).code).toBe(0);
    const gate = await runPhoneset(['gate', '--json']);
    expect(gate.code).toBe(0);
    expect(JSON.parse(gate.stdout).passed).toBe(true);
    const html = join(home, 'quality.html');
    const report = await runPhoneset(['quality-report', '--html', html]);
    expect(report.code).toBe(0);
    expect(report.stdout).toContain('Total Records: 10');
    expect(report.stdout).toContain('Valid Records: 10');
    expect(report.stdout).toContain('Accuracy: 100.00%');
    expect(report.stdout).toMatch(/Grade: A/);
    expect(readFileSync(html, 'utf8')).toMatch(/^<!doctype html>/i);
  }, 240_000);

  it('releases, refuses to duplicate unchanged data, and enforces the stage order', async () => {
    const first = await runPhoneset(['release', 'create', '--json']);
    expect(first.code).toBe(0);
    const created = JSON.parse(first.stdout);
    expect(created.status).toBe('created');
    const again = await runPhoneset(['release', 'create']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Nothing changed: the registry is exactly release ${created.version}`);
    const skip = await runPhoneset(['release', 'promote', created.version, '--to', 'prod']);
    expect(skip.code).toBe(1);
    expect(skip.stderr).toContain('RELEASE_STAGE_ORDER');
    expect((await runPhoneset(['release', 'promote', created.version, '--to', 'dev'])).code).toBe(0);
    const list = await runPhoneset(['release', 'list']);
    expect(list.stdout).toContain(created.version);
    expect(list.stdout).toContain('dev');
  }, 240_000);

  it('fails the gate naming a bad batch, refuses a release, and unblocks once the batch is accepted', async () => {
    const file = join(home, 'bad.csv');
    writeFileSync(file, badBatchCsv(now));
    const imported = JSON.parse(
      (await runPhoneset(['import', file, '--source', 'web_forms', '--json'])).stdout,
    ) as { batch_id: string };
    const gate = await runPhoneset(['gate']);
    expect(gate.code).toBe(1);
    expect(gate.stdout).toContain(`Blocking releases: batch ${imported.batch_id}`);
    const refused = await runPhoneset(['release', 'create']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Release refused: the quality gate failed.');
    const accept = await runPhoneset([
      'batches',
      'accept',
      imported.batch_id,
      '--reason',
      'known web form glitch',
    ]);
    expect(accept.code).toBe(0);
    expect((await runPhoneset(['gate'])).code).toBe(0);
    const created = await runPhoneset(['release', 'create', '--json']);
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout).status).toBe('created');
  }, 300_000);
  it('shows and diffs releases, rolls a stage back, and profiles the registry and a raw batch', async () => {
    const versions = (await runPhoneset(['release', 'list', '--json'])).stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { release_id: string }).release_id);
    const [newest, oldest] = versions as [string, string];
    const show = await runPhoneset(['release', 'show', newest, '--json']);
    expect(show.code).toBe(0);
    const manifest = JSON.parse(show.stdout);
    expect(manifest.content_digest).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.files.map((f: { variant: string }) => f.variant).sort()).toEqual(['full', 'tokenized']);
    const diff = await runPhoneset(['release', 'diff', oldest, newest]);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain(`${oldest} → ${newest}: 2 added, 0 removed, 0 changed`);
    expect((await runPhoneset(['release', 'promote', newest, '--to', 'dev'])).code).toBe(0);
    const back = await runPhoneset(['release', 'rollback', '--stage', 'dev']);
    expect(back.code).toBe(0);
    expect(back.stdout).toContain(`dev rolled back from release ${newest} to ${oldest}`);
    const profile = await runPhoneset(['profile', '--json']);
    expect(profile.code).toBe(0);
    const p = JSON.parse(profile.stdout) as {
      rows: number;
      columns: { name: string; top_values: { key: string }[] }[];
    };
    expect(p.rows).toBe(12);
    const phones = p.columns.find((c) => c.name === 'phone_number');
    for (const v of phones?.top_values ?? []) expect(v.key).toMatch(/^\+57\d0{7}\d\d$/);
    const batches = (await runPhoneset(['batches', '--json'])).stdout.trim().split('\n');
    const batchId = (JSON.parse(batches[0] as string) as { batch_id: string }).batch_id;
    const raw = await runPhoneset(['profile', '--batch', batchId, '--json']);
    expect(raw.code).toBe(0);
    expect((JSON.parse(raw.stdout) as { rows: number }).rows).toBe(5);
  }, 300_000);
});

describe('phoneset scan-pii (built CLI)', () => {
  let dir: string;
  beforeAll(async () => {
    await ensureBuiltCli();
    dir = mkdtempSync(join(tmpdir(), 'phoneset-pii-'));
    mkdirSync(join(dir, 'logs'));
    mkdirSync(join(dir, 'examples'));
    writeFileSync(join(dir, 'logs', 'app.log'), 'started\nretry for customer 42, tel 300 481 7263, ok\n');
    writeFileSync(join(dir, 'examples', 'sample.txt'), 'call +57 310 593 2841\n');
    writeFileSync(join(dir, 'clean.txt'), 'order 2026-11-28 total 1234.50\n');
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds a planted number, prints file:line:column and the masked number (exit 1)', async () => {
    const r = await runPhoneset(['scan-pii', '.'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('logs/app.log:2:28: phone number +57300****63');
    expect(r.stdout).toContain('examples/sample.txt:1:6: phone number +57310****41');
    expect(r.stdout).not.toContain('4817263');
  }, 120_000);

  it('honours an allow-list of numbers and path globs (exit 0)', async () => {
    writeFileSync(join(dir, 'allow.txt'), '# documented\nexamples/**\n+57 300 481 7263\n');
    const r = await runPhoneset(['scan-pii', 'logs', 'examples', 'clean.txt', '--allow', 'allow.txt'], {
      cwd: dir,
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('no phone number outside the allow-list (2 allowed)');
    expect(existsSync(join(dir, 'allow.txt'))).toBe(true);
  }, 120_000);

  it('passes on this repository with its own allow-list', async () => {
    const r = await runPhoneset(['scan-pii', '.']);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(0);
  }, 180_000);
});
