import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUALITY_ENGINE } from '../../../src/cli/commands/quality-report.command.js';
import { METADATA_VERSION } from '../../../src/core/phone/index.js';
import { FileLake } from '../../../src/lake/index.js';
import { acceptBatch, loadSuite, runGate } from '../../../src/pipeline/quality/index.js';
import {
  createRelease,
  diffReleases,
  getRelease,
  promoteRelease,
  type ReleaseDeps,
  readReleaseRecords,
  rollbackStage,
} from '../../../src/pipeline/release/index.js';
import { BACKENDS } from '../../support/services.js';
import { createImportKit, type ImportKit } from '../import/import-kit.js';
import { badBatchCsv, cleanCsv, MOBILES } from '../quality/quality-fixtures.js';

const suite = loadSuite();

for (const backend of BACKENDS) {
  describe(`releases on ${backend}`, () => {
    let kit: ImportKit;
    let deps: ReleaseDeps;
    const now = new Date();
    const versions: string[] = [];

    beforeAll(async () => {
      kit = await createImportKit(backend);
      deps = {
        store: kit.store,
        lake: new FileLake({ root: join(kit.dir, 'lake'), keyRing: kit.ring }),
        engine: QUALITY_ENGINE,
        tokenSecret: kit.ring.blindIndex('phoneset:release-token'),
        metadataVersion: METADATA_VERSION,
      };
    }, 300_000);
    afterAll(() => kit.close());

    it('fails the gate on an empty registry with a clear message', async () => {
      const run = await runGate(kit.store, { suite, engine: QUALITY_ENGINE });
      expect(run.gate.passed).toBe(false);
      expect(run.gate.failures[0]?.message).toMatch(/registry is empty \(0 records\)/);
      const refused = await createRelease(deps, { suite, actor: 'tester' });
      expect(refused.status).toBe('refused');
    });

    it('creates a release from a clean import, and the same data again is the same release', async () => {
      await kit.run(kit.file('clean.csv', cleanCsv(now)));
      const first = await createRelease(deps, { suite, actor: 'tester', now });
      expect(first.status).toBe('created');
      if (first.status !== 'created') return;
      expect(first.manifest.record_count).toBe(MOBILES.length);
      expect(first.manifest.content_digest).toMatch(/^[0-9a-f]{64}$/);
      expect(first.manifest.metadata_version).toBe(METADATA_VERSION);
      versions.push(first.release.release_id);
      const again = await createRelease(deps, { suite, actor: 'tester' });
      expect(again.status).toBe('unchanged');
      if (again.status === 'unchanged') expect(again.release.sha256).toBe(first.manifest.content_digest);
      expect(await kit.store.releases.list()).toHaveLength(1);
    });

    it('keeps numbers in the full file and keyed, consistent tokens in the tokenized one', async () => {
      const { manifest } = await getRelease(kit.store.releases, versions[0] as string);
      const full = [];
      for await (const r of readReleaseRecords(deps.lake, manifest, 'full')) full.push(r);
      const tokens = [];
      for await (const r of readReleaseRecords(deps.lake, manifest, 'tokenized')) tokens.push(r);
      expect(full.map((r) => r.phone_number)).toContain(`+57${MOBILES[0]}`);
      expect(tokens).toHaveLength(full.length);
      for (const t of tokens) expect(t.phone_number).toMatch(/^tok_[0-9a-f]{24}$/);
      expect(new Set(tokens.map((t) => t.phone_number)).size).toBe(full.length);
      expect(JSON.stringify(tokens)).not.toContain(MOBILES[0]);
    });

    it('refuses a release while a failing batch blocks, and accepting the batch unblocks it', async () => {
      const bad = await kit.run(kit.file('bad.csv', badBatchCsv(now)));
      const refused = await createRelease(deps, { suite, actor: 'tester' });
      expect(refused.status).toBe('refused');
      expect(refused.gate.blocking).toEqual([bad.batch_id]);
      expect(refused.gate.gate.failures.map((f) => f.message).join('\n')).toContain(`batch ${bad.batch_id}`);
      await acceptBatch({ ...kit.deps, store: kit.store }, bad.batch_id as string, {
        reason: 'known export glitch',
        actor: 'tester',
      });
      const audit = await kit.store.audit.listByBatch(bad.batch_id as string);
      expect(audit.some((a) => a.change_reason?.includes('known export glitch'))).toBe(true);
      const created = await createRelease(deps, { suite, actor: 'tester' });
      expect(created.status).toBe('created');
      if (created.status === 'created') versions.push(created.release.release_id);
    });

    it('diffs two releases: added records, a changed record and metric deltas', async () => {
      const fresh = new Date(now.getTime() - 1_800_000).toISOString();
      await kit.run(
        kit.file('verify.csv', `customer_id,phone,updated_at,is_verified\nK1,${MOBILES[0]},${fresh},true\n`),
      );
      const third = await createRelease(deps, { suite, actor: 'tester' });
      expect(third.status).toBe('created');
      if (third.status !== 'created') return;
      versions.push(third.release.release_id);
      const a = await getRelease(kit.store.releases, versions[0] as string);
      const b = await getRelease(kit.store.releases, versions[1] as string);
      const c = await getRelease(kit.store.releases, versions[2] as string);
      const ab = await diffReleases(deps.lake, a.manifest, b.manifest);
      expect(ab.added.map((r) => r.customer_id).sort()).toEqual(['B1', 'B2']);
      expect(ab.removed).toHaveLength(0);
      const bc = await diffReleases(deps.lake, b.manifest, c.manifest);
      expect(bc.changed).toHaveLength(1);
      expect(bc.changed[0]?.customer_id).toBe('K1');
      expect(bc.changed[0]?.fields.map((f) => f.field)).toContain('is_verified');
      expect(bc.metrics.find((m) => m.dimension === 'total')?.delta).toBe(0);
    });

    it('promotes in order dev → staging → prod and refuses to skip a stage', async () => {
      const [v1, v2] = versions as [string, string];
      await expect(promoteRelease(kit.store.releases, v1, 'staging', 'ops')).rejects.toMatchObject({
        code: 'RELEASE_STAGE_ORDER',
      });
      for (const v of [v1, v2]) {
        await promoteRelease(kit.store.releases, v, 'dev', 'ops');
        await promoteRelease(kit.store.releases, v, 'staging', 'ops');
        await promoteRelease(kit.store.releases, v, 'prod', 'ops');
      }
      const prod = (await kit.store.releases.stages()).find((s) => s.stage === 'prod');
      expect(prod?.release_id).toBe(v2);
    });

    it('rolls a stage back to its previous release, and refuses when there is none', async () => {
      const [v1, v2] = versions as [string, string];
      const r = await rollbackStage(kit.store.releases, 'prod', 'ops');
      expect(r.from).toBe(v2);
      expect(r.to.release_id).toBe(v1);
      await expect(rollbackStage(kit.store.releases, 'prod', 'ops')).rejects.toMatchObject({
        code: 'RELEASE_NO_PREVIOUS',
      });
    });
  });
}
