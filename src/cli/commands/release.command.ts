import { join } from 'node:path';
import { type Command, Option } from 'commander';
import { type App, createApp } from '../../app.js';
import { getConfig } from '../../config.js';
import { maskPhone } from '../../core/privacy/mask-phone.js';
import { createPhoneEngine } from '../../enrich/index.js';
import { FileLake } from '../../lake/index.js';
import { resolveActor } from '../../pipeline/import/index.js';
import {
  createRelease,
  diffReleases,
  getRelease,
  promoteRelease,
  type ReleaseDeps,
  rollbackStage,
} from '../../pipeline/release/index.js';
import { RELEASE_STAGES, type ReleaseStage } from '../../store/release.repository.js';
import { formatTable } from '../ui/format-table.js';
import { formatGateRun } from './gate.command.js';
import { loadSuiteForCli, QUALITY_ENGINE } from './quality-report.command.js';

const pct = (v: number | null): string => (v === null ? 'n/a' : `${(v * 100).toFixed(2)}%`);
const signed = (v: number | null, percent: boolean): string =>
  v === null ? 'n/a' : `${v >= 0 ? '+' : ''}${percent ? `${(v * 100).toFixed(2)} pts` : String(v)}`;

function releaseDeps(app: App): ReleaseDeps {
  return {
    store: app.store,
    lake: new FileLake({ root: join(app.config.home, 'lake'), keyRing: app.keyring }),
    engine: QUALITY_ENGINE,
    // A keyed secret derived from the key ring: the same keys give the same tokens in every release.
    tokenSecret: app.keyring.blindIndex('phoneset:release-token'),
    metadataVersion: createPhoneEngine().metadataVersion,
  };
}

async function withApp<T>(run: (app: App) => Promise<T>): Promise<T> {
  const app = await createApp(getConfig());
  try {
    return await run(app);
  } finally {
    await app.close();
  }
}

const out = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);

/**
 * `phoneset release create|list|show|diff|promote|rollback`: versioned, content-addressed
 * snapshots of the registry, released only through the quality gate.
 *
 * @example
 * registerReleaseCommand(program); // phoneset release create && phoneset release promote 2026.11.28-1 --to dev
 */
export function registerReleaseCommand(program: Command): void {
  const release = program
    .command('release')
    .description('Versioned dataset releases: create (gated), list, show, diff, promote, rollback');

  release
    .command('create')
    .description('Snapshot the registry as an immutable release, only if the quality gate passes')
    .option('--suite <file>', 'expectation suite (default: config/expectations.yaml)')
    .option('--parquet', 'also write Parquet files beside the NDJSON')
    .option('--notes <text>', 'a note kept with the release')
    .option('--json', 'print the result as one JSON object')
    .addHelpText(
      'after',
      `
A release is the canonical NDJSON of every published record (and a tokenized copy for dev and
staging), encrypted in the lake under releases/<version>/, with a manifest: version, content
digest (sha256 over the canonical ordering), record count, quality report, suite result and the
phone engine's metadata version. The same data gives the same digest: when nothing changed
since an existing release, create says so and makes nothing.

Exit codes: 0 created or unchanged, 1 refused by the gate or failure, 2 bad usage or bad suite.`,
    )
    .action(async (options: { suite?: string; parquet?: boolean; notes?: string; json?: boolean }) => {
      const suite = loadSuiteForCli(options.suite);
      await withApp(async (app) => {
        const result = await createRelease(releaseDeps(app), {
          suite,
          actor: resolveActor(),
          parquet: options.parquet ?? false,
          notes: options.notes ?? null,
        });
        if (options.json) {
          out(
            JSON.stringify({
              status: result.status,
              version: result.status === 'refused' ? null : result.release.release_id,
              digest: result.status === 'refused' ? null : result.release.sha256,
              manifest: result.status === 'created' ? result.manifest : undefined,
              gate: result.gate.gate,
              blocking_batches: result.gate.blocking,
            }),
          );
        } else if (result.status === 'refused') {
          process.stderr.write('Release refused: the quality gate failed.\n');
          out(formatGateRun(result.gate));
        } else if (result.status === 'unchanged') {
          out(
            `Nothing changed: the registry is exactly release ${result.release.release_id} (digest ${result.release.sha256}). No new release was made.`,
          );
        } else {
          const m = result.manifest;
          out(
            [
              `Release ${m.version} created: ${m.record_count.toLocaleString('en-US')} records, grade ${m.quality.grade}.`,
              `  digest    ${m.content_digest}`,
              `  metadata  ${m.metadata_version}`,
              ...m.files.map(
                (f) => `  file      ${f.key} (${f.variant}, ${f.size.toLocaleString('en-US')} bytes)`,
              ),
              `Next: phoneset release promote ${m.version} --to dev`,
            ].join('\n'),
          );
        }
        if (result.status === 'refused') process.exitCode = 1;
      });
    });

  release
    .command('list')
    .description('Releases, newest first, with the stages that serve them')
    .option('--json', 'print as NDJSON, one release per line')
    .action(async (options: { json?: boolean }) => {
      await withApp(async (app) => {
        const [list, stages] = await Promise.all([app.store.releases.list(), app.store.releases.stages()]);
        const servedBy = (id: string) => stages.filter((s) => s.release_id === id).map((s) => s.stage);
        if (options.json) {
          for (const r of list)
            out(JSON.stringify({ ...r, gate: undefined, stages: servedBy(r.release_id) }));
          return;
        }
        if (list.length === 0) return out('No releases yet: `phoneset release create` makes one.');
        out(
          formatTable(list, [
            { title: 'version', value: (r) => r.release_id },
            { title: 'created', value: (r) => r.created_at.toISOString().slice(0, 19).replace('T', ' ') },
            { title: 'by', value: (r) => r.created_by },
            { title: 'records', value: (r) => r.record_count, align: 'right' },
            { title: 'digest', value: (r) => r.sha256.slice(0, 16) },
            { title: 'stages', value: (r) => servedBy(r.release_id) },
          ]),
        );
      });
    });

  release
    .command('show <version>')
    .description('One release: its manifest, quality and the stages that serve it')
    .option('--json', 'print the manifest as one JSON object')
    .action(async (version: string, options: { json?: boolean }) => {
      await withApp(async (app) => {
        const { release: r, manifest } = await getRelease(app.store.releases, version);
        const stages = (await app.store.releases.stages()).filter((s) => s.release_id === version);
        if (options.json) return out(JSON.stringify({ ...manifest, stages: stages.map((s) => s.stage) }));
        out(
          [
            `release   ${r.release_id}`,
            `created   ${r.created_at.toISOString()} by ${r.created_by}`,
            `records   ${r.record_count.toLocaleString('en-US')}`,
            `digest    ${r.sha256}`,
            `parent    ${r.parent_id ?? '-'}`,
            `metadata  ${manifest.metadata_version}`,
            `stages    ${stages.map((s) => s.stage).join(', ') || '-'}`,
            `grade     ${manifest.quality.grade}`,
            ...Object.entries(manifest.quality.scores).map(([d, v]) => `  ${d.padEnd(13)} ${pct(v)}`),
            `suite     ${manifest.suite.summary}`,
            ...manifest.files.map(
              (f) => `file      ${f.key} (${f.variant}, sha256 ${f.sha256.slice(0, 16)}…)`,
            ),
          ].join('\n'),
        );
      });
    });

  release
    .command('diff <from> <to>')
    .description('Records added, removed and changed between two releases, and metric deltas')
    .option('--json', 'print the whole diff as one JSON object')
    .option('--limit <n>', 'records listed per kind in the text output', '20')
    .action(async (from: string, to: string, options: { json?: boolean; limit: string }) => {
      await withApp(async (app) => {
        const deps = releaseDeps(app);
        const a = await getRelease(app.store.releases, from);
        const b = await getRelease(app.store.releases, to);
        const d = await diffReleases(deps.lake, a.manifest, b.manifest);
        if (options.json) return out(JSON.stringify(d));
        const limit = Math.max(0, Number(options.limit) || 0);
        // Terminal output ends up in CI logs: numbers are masked there (--json is for programs).
        const shown = (field: string, v: unknown) =>
          field === 'phone_number' ? maskPhone(String(v)) : JSON.stringify(v);
        const lines = [
          `${from} → ${to}: ${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed, ${d.unchanged} unchanged`,
        ];
        for (const r of d.added.slice(0, limit))
          lines.push(`  + ${r.phone_id} ${r.customer_id} ${maskPhone(String(r.phone_number))}`);
        for (const r of d.removed.slice(0, limit))
          lines.push(`  - ${r.phone_id} ${r.customer_id} ${maskPhone(String(r.phone_number))}`);
        for (const c of d.changed.slice(0, limit)) {
          lines.push(
            `  ~ ${c.phone_id} ${c.customer_id}: ${c.fields.map((f) => `${f.field} ${shown(f.field, f.from)} → ${shown(f.field, f.to)}`).join('; ')}`,
          );
        }
        lines.push('', 'Metrics:');
        for (const m of d.metrics) {
          const percent = m.dimension !== 'total';
          lines.push(
            `  ${m.dimension.padEnd(13)} ${percent ? pct(m.from) : String(m.from)} → ${percent ? pct(m.to) : String(m.to)} (${signed(m.delta, percent)})`,
          );
        }
        out(lines.join('\n'));
      });
    });

  release
    .command('promote <version>')
    .description('Point a stage at a release, in order dev → staging → prod')
    .addOption(new Option('--to <stage>', 'the stage').choices(RELEASE_STAGES).makeOptionMandatory())
    .action(async (version: string, options: { to: ReleaseStage }) => {
      await withApp(async (app) => {
        const p = await promoteRelease(app.store.releases, version, options.to, resolveActor());
        out(
          `${p.stage} now serves release ${p.release_id}${p.stage === 'prod' ? '' : ' (tokenized numbers)'}.`,
        );
      });
    });

  release
    .command('rollback')
    .description('Move a stage back to the release it served before')
    .addOption(new Option('--stage <stage>', 'the stage').choices(RELEASE_STAGES).makeOptionMandatory())
    .action(async (options: { stage: ReleaseStage }) => {
      await withApp(async (app) => {
        const r = await rollbackStage(app.store.releases, options.stage, resolveActor());
        out(`${r.to.stage} rolled back from release ${r.from} to ${r.to.release_id}.`);
      });
    });
}
