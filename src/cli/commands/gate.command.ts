import type { Command } from 'commander';
import { createApp } from '../../app.js';
import { getConfig } from '../../config.js';
import { type GateRun, runGate } from '../../pipeline/quality/index.js';
import { formatTable } from '../ui/format-table.js';
import { loadSuiteForCli, QUALITY_ENGINE } from './quality-report.command.js';

const pct = (v: number | null): string =>
  v === null ? 'n/a' : `${(Math.floor(v * 10000) / 100).toFixed(2)}%`;

/**
 * The gate's result for people: every dataset checked, every failing expectation, the verdict.
 *
 * @example
 * process.stdout.write(formatGateRun(run));
 */
export function formatGateRun(run: GateRun): string {
  const rows = [
    { subject: 'registry', status: '', evaluation: run.registry },
    ...run.batches.map((b) => ({
      subject: `batch ${b.batch.batch_id}`,
      status: b.accepted ? 'accepted' : b.batch.status,
      evaluation: b.evaluation,
    })),
  ];
  const lines = [
    run.since
      ? `Gate: registry and ${run.batches.length} batch(es) received since the last release (${run.since.toISOString()})`
      : `Gate: registry and ${run.batches.length} batch(es) (no release yet)`,
    formatTable(rows, [
      { title: 'dataset', value: (r) => r.subject },
      { title: 'status', value: (r) => r.status },
      { title: 'rows', value: (r) => r.evaluation.metrics.total, align: 'right' },
      { title: 'complete', value: (r) => pct(r.evaluation.metrics.scores.completeness), align: 'right' },
      { title: 'accurate', value: (r) => pct(r.evaluation.metrics.scores.accuracy), align: 'right' },
      { title: 'unique', value: (r) => pct(r.evaluation.metrics.scores.uniqueness), align: 'right' },
      { title: 'valid', value: (r) => pct(r.evaluation.metrics.scores.validity), align: 'right' },
      { title: 'timely', value: (r) => pct(r.evaluation.metrics.scores.timeliness), align: 'right' },
      { title: 'grade', value: (r) => r.evaluation.grade.grade },
      {
        title: 'failed',
        value: (r) => r.evaluation.results.filter((x) => !x.passed).map((x) => x.expectation),
      },
    ]).trimEnd(),
    '',
    run.gate.summary,
  ];
  for (const f of run.gate.failures) lines.push(`  ✗ ${f.message}`);
  for (const w of run.gate.warnings) lines.push(`  ! ${w.message}`);
  if (run.blocking.length > 0) {
    lines.push('', `Blocking releases: ${run.blocking.map((id) => `batch ${id}`).join(', ')}.`);
    for (const b of run.batches) {
      if (b.accepted || b.passed) continue;
      const id = b.batch.batch_id;
      if (b.quarantine) {
        lines.push(
          `  batch ${id} (${b.batch.source}, ${b.batch.file_name ?? '-'}): QUARANTINED since ${b.quarantine.quarantined_at.toISOString()} by ${b.quarantine.quarantined_by}, not merged: ${b.quarantine.reason}`,
        );
      } else {
        const failed = b.evaluation.results.filter((r) => !r.passed && r.severity === 'error');
        lines.push(
          `  batch ${id} (${b.batch.source}, ${b.batch.file_name ?? '-'}): merged, fails ${failed.map((r) => r.expectation).join(', ') || 'its checks'}`,
        );
      }
    }
    lines.push(
      'Reprocess it (phoneset reprocess --batch ID), remove a quarantined one (phoneset batches remove ID --reason TEXT),',
      'or accept it (phoneset batches accept ID --reason TEXT; a quarantined batch is then merged).',
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `phoneset gate`: the expectation suite on the registry and on every batch since the last
 * release; exit 1 when an error-severity expectation fails.
 *
 * @example
 * registerGateCommand(program); // phoneset gate --suite config/expectations.yaml --json
 */
export function registerGateCommand(program: Command): void {
  program
    .command('gate')
    .description('Run the expectation suite on the registry and on every batch since the last release')
    .option('--suite <file>', 'expectation suite (default: config/expectations.yaml)')
    .option('--json', 'print the result as one JSON object')
    .addHelpText(
      'after',
      `
A batch that fails an error-severity expectation is named and blocks releases until it is
reprocessed, removed, or accepted with \`phoneset batches accept ID --reason TEXT\` (audited).
A batch quarantined by \`import --gate\` is listed with the verdict that stopped it (its rows
are in the lake, not the registry) and blocks the same way; accepting it merges it.
An empty registry never passes. A metric that drops below its recent history fails too.

Examples:
  $ phoneset gate
  $ phoneset gate --suite config/expectations.yaml --json

Exit codes: 0 passed, 1 failed (or empty registry), 2 bad usage or bad suite file.`,
    )
    .action(async (options: { suite?: string; json?: boolean }) => {
      const suite = loadSuiteForCli(options.suite);
      const app = await createApp(getConfig());
      try {
        const run = await runGate(app.store, { suite, engine: QUALITY_ENGINE });
        if (options.json) {
          process.stdout.write(
            `${JSON.stringify({
              passed: run.gate.passed,
              summary: run.gate.summary,
              failures: run.gate.failures,
              warnings: run.gate.warnings,
              blocking_batches: run.blocking,
              since: run.since,
              registry: run.registry,
              batches: run.batches.map((b) => ({
                batch_id: b.batch.batch_id,
                source: b.batch.source,
                status: b.batch.status,
                accepted: b.accepted,
                passed: b.passed,
                quarantine: b.quarantine ?? null,
                evaluation: b.evaluation,
              })),
            })}\n`,
          );
        } else process.stdout.write(formatGateRun(run));
        if (!run.gate.passed) process.exitCode = 1;
      } finally {
        await app.close();
      }
    });
}
