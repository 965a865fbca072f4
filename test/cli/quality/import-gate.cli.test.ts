import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badBatchCsv, cleanCsv } from '../../pipeline/quality/quality-fixtures.js';
import { ensureBuiltCli, runPhoneset } from '../support/built-cli.js';

/** A batch failing completeness like `badBatchCsv`, with its own customers and numbers. */
function otherBadCsv(now: Date, prefix: string, digit: number): string {
  const fresh = new Date(now.getTime() - 3_600_000).toISOString();
  return [
    'customer_id,phone,updated_at',
    `${prefix}1,301556274${digit},${fresh}`,
    `,302771936${digit},${fresh}`,
    `,314660825${digit},${fresh}`,
    `${prefix}2,320991837${digit},${fresh}`,
    '',
  ].join('\n');
}

// The built CLI on its embedded store (PGlite in a temp home): import --gate, quarantine and its ends.
describe('phoneset import --gate, quarantine, gate, batches accept|remove, reprocess (built CLI)', () => {
  let home: string;
  const saved = { home: process.env.PHONESET_HOME, actor: process.env.PHONESET_ACTOR };
  const now = new Date();
  let quarantined = '';

  beforeAll(async () => {
    await ensureBuiltCli();
    home = mkdtempSync(join(tmpdir(), 'phoneset-gate-cli-'));
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

  const file = (name: string, content: string): string => {
    const path = join(home, name);
    writeFileSync(path, content);
    return path;
  };

  it('merges a batch that passes its checks (exit 0)', async () => {
    const r = await runPhoneset([
      'import',
      file('clean.csv', cleanCsv(now)),
      '--source',
      'crm_salesforce',
      '--gate',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('quality checks passed (grade A) before the merge');
    expect(r.stdout).toMatch(/inserted\s+10/);
  }, 120_000);

  it('says on a dry run that a batch would be quarantined (exit 1), writing nothing', async () => {
    const r = await runPhoneset([
      'import',
      file('bad.csv', badBatchCsv(now)),
      '--source',
      'web_forms',
      '--gate',
      '--dry-run',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('dry run: it fails its quality checks (grade C) and would be quarantined');
    expect(r.stderr).toContain('imported with --gate it would be quarantined');
    expect((await runPhoneset(['batches', '--json'])).stdout.trim().split('\n')).toHaveLength(1);
  }, 120_000);

  it('quarantines a failing batch: prints the failed expectations and exits 1 naming the batch and what to do', async () => {
    const r = await runPhoneset([
      'import',
      file('bad.csv', badBatchCsv(now)),
      '--source',
      'web_forms',
      '--gate',
    ]);
    expect(r.code).toBe(1);
    const id = /batch (\S+) QUARANTINED/.exec(r.stdout)?.[1] as string;
    expect(id).toBeTruthy();
    quarantined = id;
    expect(r.stdout).toContain('✗ completeness failed: completeness 40.0% (needs ≥ 95.0%)');
    expect(r.stdout).toMatch(/received\s+5/);
    expect(r.stdout).toMatch(/rejected\s+3/);
    expect(r.stderr).toContain(`QUALITY_BATCH_QUARANTINED: Batch ${id} failed its quality checks (`);
    expect(r.stderr).toContain(`phoneset batches accept ${id} --reason TEXT`);
    expect(r.stderr).toContain(`phoneset reprocess --batch ${id}`);

    const again = await runPhoneset([
      'import',
      join(home, 'bad.csv'),
      '--source',
      'web_forms',
      '--gate',
      '--json',
    ]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`Batch ${id} failed its quality checks (phone_present, completeness)`);
    expect(JSON.parse(again.stdout)).toMatchObject({
      status: 'skipped',
      previous_status: 'quarantined',
      batch_id: id,
    });
  }, 120_000);

  it('the gate and release create name the quarantined batch and refuse (exit 1)', async () => {
    const gate = await runPhoneset(['gate']);
    expect(gate.code).toBe(1);
    expect(gate.stdout).toContain(`Blocking releases: batch ${quarantined}.`);
    expect(gate.stdout).toMatch(
      new RegExp(
        `batch ${quarantined} \\(web_forms, bad.csv\\): QUARANTINED since .* by ci-test, not merged: failed .*completeness`,
      ),
    );
    const json = JSON.parse((await runPhoneset(['gate', '--json'])).stdout);
    expect(json.blocking_batches).toEqual([quarantined]);
    expect(
      json.batches.find((b: { batch_id: string }) => b.batch_id === quarantined).quarantine.reason,
    ).toContain('completeness');
    const release = await runPhoneset(['release', 'create']);
    expect(release.code).toBe(1);
    expect(release.stderr).toContain('Release refused: the quality gate failed.');
    expect(release.stdout).toContain(`batch ${quarantined}`);
    const show = await runPhoneset(['batches', 'show', quarantined]);
    expect(show.stdout).toContain('status            quarantined');
    expect(show.stdout).toContain('open: not merged');
  }, 240_000);

  it('accepting the quarantined batch merges it from the lake and unblocks the gate', async () => {
    const accept = await runPhoneset(['batches', 'accept', quarantined, '--reason', 'known web form glitch']);
    expect(accept.code).toBe(0);
    expect(accept.stdout).toContain(
      `Batch ${quarantined} accepted and merged from the lake: 5 rows: 2 inserted, 0 updated, 0 unchanged, 0 duplicates, 3 rejected.`,
    );
    const gate = await runPhoneset(['gate']);
    expect(gate.code).toBe(0);
    expect(gate.stdout).toContain(`batch ${quarantined} fails its checks but was accepted`);
  }, 240_000);

  it('a removed quarantined batch no longer blocks; a reprocessed one merges once it passes', async () => {
    const removed = await runPhoneset([
      'import',
      file('bad2.csv', otherBadCsv(now, 'R', 7)),
      '--source',
      'web_forms',
      '--gate',
      '--json',
    ]);
    expect(removed.code).toBe(1);
    const removedId = JSON.parse(removed.stdout).batch_id as string;
    const remove = await runPhoneset(['batches', 'remove', removedId, '--reason', 'wrong file']);
    expect(remove.code).toBe(0);
    expect(remove.stdout).toContain(`Batch ${removedId} removed`);

    const held = await runPhoneset([
      'import',
      file('bad3.csv', otherBadCsv(now, 'P', 8)),
      '--source',
      'web_forms',
      '--gate',
      '--json',
    ]);
    const heldId = JSON.parse(held.stdout).batch_id as string;
    const still = await runPhoneset(['reprocess', '--batch', heldId]);
    expect(still.code).toBe(1);
    expect(still.stdout).toContain(`Batch ${heldId} still fails its checks`);
    const lenient = file(
      'lenient.yaml',
      'version: 1\nexpectations:\n  - type: metric_at_least\n    metric: completeness\n    threshold: 0.3\n',
    );
    const passed = await runPhoneset(['reprocess', '--batch', heldId, '--suite', lenient]);
    expect(passed.code).toBe(0);
    expect(passed.stdout).toContain(
      `Batch ${heldId} passed its checks now and was merged: 4 rows, 2 inserted`,
    );
    const batches = (await runPhoneset(['batches', '--json'])).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { batch_id: string; status: string });
    expect(batches.find((b) => b.batch_id === removedId)?.status).toBe('removed');
    expect(batches.find((b) => b.batch_id === heldId)?.status).toBe('completed');
  }, 300_000);
});
