import { PassThrough } from 'node:stream';
import type { ExpectationSuite } from '../../core/quality/index.js';
import type { Release } from '../../store/release.repository.js';
import { createRecordWriter } from '../formats/create-record-writer.js';
import { measureRegistry } from '../quality/measure-registry.js';
import { toMetricRow } from '../quality/quality-history.js';
import { type GateRun, runGate } from '../quality/run-gate.js';
import { canonicalRecord, RELEASE_FIELDS } from './canonical-record.js';
import { createContentDigest } from './create-content-digest.js';
import type { ReleaseFile, ReleaseManifest } from './release-manifest.js';
import type { ReleaseDeps } from './release-ports.js';
import { createPhoneTokenizer } from './tokenize-phone.js';

/** The outcome of `release create`. */
export type CreateReleaseResult =
  | { status: 'created'; release: Release; manifest: ReleaseManifest; gate: GateRun }
  /** The registry holds exactly the data of an existing release: nothing new was made. */
  | { status: 'unchanged'; release: Release; gate: GateRun }
  /** The gate failed: no release. */
  | { status: 'refused'; gate: GateRun };

/**
 * Creates an immutable release of the registry, only when the gate passes: the canonical
 * NDJSON (numbers as stored, for prod) and a tokenized copy (dev, staging), optionally Parquet
 * too, each written to the lake's release area (encrypted), plus the manifest. Content
 * addressed: when an existing release has the same digest, it is returned and nothing is made.
 *
 * @example
 * const r = await createRelease(deps, { suite, actor: 'ci' });
 * if (r.status === 'refused') process.exitCode = 1;
 */
export async function createRelease(
  deps: ReleaseDeps,
  options: {
    suite: ExpectationSuite;
    actor: string;
    now?: Date;
    /** Also write Parquet files. */
    parquet?: boolean;
    notes?: string | null;
  },
): Promise<CreateReleaseResult> {
  const now = options.now ?? new Date();
  const { store } = deps;
  const digest = createContentDigest();
  const registry = await measureRegistry(store, {
    suite: options.suite,
    now,
    ...(deps.engine ? { engine: deps.engine } : {}),
    onRecord: (r) => digest.add(r),
  });
  const gate = await runGate(store, {
    suite: options.suite,
    now,
    registry,
    ...(deps.engine ? { engine: deps.engine } : {}),
  });
  if (!gate.gate.passed) return { status: 'refused', gate };
  const sha = digest.result();
  const all = await store.releases.list({ limit: 10_000 });
  const same = all.find((r) => r.sha256 === sha);
  if (same) return { status: 'unchanged', release: same, gate };

  const day = now.toISOString().slice(0, 10).replaceAll('-', '.');
  const version = `${day}-${all.filter((r) => r.release_id.startsWith(`${day}-`)).length + 1}`;
  const tokenize = createPhoneTokenizer(deps.tokenSecret);
  const outputs = [
    { name: 'registry.ndjson', format: 'ndjson' as const, variant: 'full' as const },
    { name: 'registry.tokenized.ndjson', format: 'ndjson' as const, variant: 'tokenized' as const },
    ...(options.parquet
      ? [
          { name: 'registry.parquet', format: 'parquet' as const, variant: 'full' as const },
          { name: 'registry.tokenized.parquet', format: 'parquet' as const, variant: 'tokenized' as const },
        ]
      : []),
  ].map((o) => {
    const stream = new PassThrough();
    const put = deps.lake.putRelease(stream, { release: version, fileName: o.name });
    const writer =
      o.format === 'ndjson'
        ? createRecordWriter('ndjson', stream)
        : createRecordWriter('parquet', stream, { columns: [...RELEASE_FIELDS] });
    return { ...o, stream, put, writer };
  });
  // A second pass writes the files; its digest must match the gated pass, or the registry
  // changed in between and the release would not be what the gate judged.
  const written = createContentDigest();
  try {
    for await (const record of store.phones.iterate({}, { orderBy: 'customer_id' })) {
      if (record.merged_into !== null) continue;
      written.add(record);
      const full = canonicalRecord(record);
      const tokenized = { ...full, phone_number: tokenize(record.phone_number) };
      for (const o of outputs) {
        const row = o.variant === 'full' ? full : tokenized;
        await o.writer.write(o.format === 'parquet' ? flatten(row) : row);
      }
    }
    for (const o of outputs) await o.writer.close();
  } catch (error) {
    for (const o of outputs) o.stream.destroy(error as Error);
    await Promise.allSettled(outputs.map((o) => o.put));
    throw error;
  }
  const puts = await Promise.all(outputs.map((o) => o.put));
  if (written.result() !== sha) {
    throw new Error(
      `the registry changed while release ${version} was written (digest ${written.result()} ≠ gated ${sha}); run release create again`,
    );
  }
  const metric = await store.metrics.insert(
    toMetricRow(registry, { historyKey: 'registry', datasetVersion: version }),
  );
  const files: ReleaseFile[] = outputs.map((o, i) => ({
    key: puts[i]?.key ?? '',
    name: o.name,
    format: o.format,
    variant: o.variant,
    sha256: puts[i]?.sha256 ?? '',
    size: puts[i]?.size ?? 0,
  }));
  const manifest: ReleaseManifest = {
    version,
    content_digest: sha,
    record_count: digest.count,
    created_at: now.toISOString(),
    created_by: options.actor,
    parent: all[0]?.release_id ?? null,
    metadata_version: deps.metadataVersion,
    files,
    quality: {
      grade: registry.grade.grade,
      score: registry.grade.score,
      scores: { ...registry.metrics.scores },
      total: registry.metrics.total,
      valid: registry.metrics.valid,
      metric_id: metric.metric_id,
    },
    suite: {
      file: options.suite.file,
      passed: gate.gate.passed,
      summary: gate.gate.summary,
      results: registry.results.map((r) => ({
        expectation: r.expectation,
        passed: r.passed,
        observed: r.observed,
        threshold: r.threshold,
        failing: r.failing_ids.count,
      })),
      batches: gate.batches.map((b) => ({
        batch_id: b.batch.batch_id,
        passed: b.passed,
        accepted: b.accepted,
      })),
    },
  };
  const manifestStream = new PassThrough();
  const manifestPut = deps.lake.putRelease(manifestStream, { release: version, fileName: 'manifest.json' });
  manifestStream.end(`${JSON.stringify(manifest, null, 2)}\n`);
  await manifestPut;
  const release = await store.releases.create({
    release_id: version,
    created_at: now,
    created_by: options.actor,
    record_count: digest.count,
    sha256: sha,
    lake_path: `releases/${version}`,
    metric_id: metric.metric_id,
    gate: { passed: gate.gate.passed, summary: gate.gate.summary, warnings: gate.gate.warnings, manifest },
    parent_id: manifest.parent,
    notes: options.notes ?? null,
  });
  return { status: 'created', release, manifest, gate };
}

/** Parquet columns are scalars here: lists travel as JSON text. */
function flatten(row: Record<string, unknown>): Record<string, unknown> {
  return { ...row, sources: JSON.stringify(row.sources), issues: JSON.stringify(row.issues) };
}
