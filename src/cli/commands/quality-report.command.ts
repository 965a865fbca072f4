import { writeFileSync } from 'node:fs';
import { type Command, CommanderError, InvalidArgumentError } from 'commander';
import { createApp } from '../../app.js';
import { getConfig } from '../../config.js';
import { PhonesetError } from '../../core/errors.js';
import { normalizePhone } from '../../core/phone/index.js';
import type { ExpectationSuite, QualityReport } from '../../core/quality/index.js';
import { buildQualityReport, loadSuite, type QualityEngine } from '../../pipeline/quality/index.js';
import { renderQualityReportHtml } from '../../report/render-quality-report-html.js';
import { formatTable } from '../ui/format-table.js';

/**
 * Today's numbering-plan verdicts without enrichment data: quality only needs validity.
 *
 * @example
 * measureRegistry(store, { suite, engine: QUALITY_ENGINE });
 */
export const QUALITY_ENGINE: QualityEngine & { normalize(raw: string): { normalized: string | null } } = {
  normalize: (raw) => normalizePhone(raw),
};

/**
 * Loads the suite for a command; a bad suite file prints its problems (file, line, reason) and
 * exits 2, like any other bad usage.
 *
 * @example
 * const suite = loadSuiteForCli(options.suite);
 */
export function loadSuiteForCli(file: string | undefined): ExpectationSuite {
  try {
    return loadSuite(file);
  } catch (error) {
    if (error instanceof PhonesetError && error.code === 'QUALITY_SUITE_INVALID') {
      process.stderr.write(`phoneset: ${error.code}: ${error.message}\n`);
      throw new CommanderError(2, 'phoneset.badSuite', error.message);
    }
    throw error;
  }
}

const parseDate = (value: string): string => {
  if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?$/.test(value) || Number.isNaN(Date.parse(value)))
    throw new InvalidArgumentError('expected a date such as 2026-11-28');
  return value;
};

const pct = (v: number | null): string =>
  v === null ? 'n/a' : `${(Math.floor(v * 10000) / 100).toFixed(2)}%`;
const n = (v: number): string => v.toLocaleString('en-US');

/**
 * The terminal report of the design: totals, the five dimensions, grade, the gate and the
 * history between the dates.
 *
 * @example
 * process.stdout.write(formatQualityReport(report));
 */
export function formatQualityReport(report: QualityReport): string {
  const { metrics, grade, results } = report.evaluation;
  const lines = [
    'Data Quality Report',
    '='.repeat(50),
    `Dataset version: ${report.dataset_version ?? '-'}   measured ${report.generated_at}`,
    `Total Records: ${n(metrics.total)}`,
    `Valid Records: ${n(metrics.valid)}`,
    `Completeness: ${pct(metrics.scores.completeness)}`,
    `Accuracy: ${pct(metrics.scores.accuracy)}`,
    `Uniqueness: ${pct(metrics.scores.uniqueness)}`,
    `Validity: ${pct(metrics.scores.validity)}`,
    `Timeliness: ${pct(metrics.scores.timeliness)} within ${metrics.timeliness.sla_hours} h${
      metrics.timeliness.hours_since_newest === null
        ? ''
        : ` (newest update ${metrics.timeliness.hours_since_newest.toFixed(1)} h ago)`
    }`,
    `Grade: ${grade.grade}${grade.score === null ? '' : ` (score ${grade.score.toFixed(4)})`}`,
    '',
    'Expectations:',
    formatTable(results, [
      { title: 'expectation', value: (r) => r.expectation },
      { title: 'severity', value: (r) => r.severity },
      { title: 'result', value: (r) => (r.passed ? 'pass' : 'FAIL') },
      {
        title: 'observed',
        value: (r) => (r.unit === 'hours' ? `${r.observed?.toFixed(1) ?? 'n/a'} h` : pct(r.observed)),
        align: 'right',
      },
      {
        title: 'threshold',
        value: (r) => `${r.comparison} ${r.unit === 'hours' ? `${r.threshold} h` : pct(r.threshold)}`,
      },
      { title: 'failing', value: (r) => r.failing_ids.count, align: 'right' },
    ]).trimEnd(),
  ];
  if (report.gate) {
    lines.push('', report.gate.summary);
    for (const f of report.gate.failures) lines.push(`  ✗ ${f.message}`);
    for (const w of report.gate.warnings) lines.push(`  ! ${w.message}`);
  }
  const history = report.history.filter((h) => h.level === 'registry');
  if (history.length > 0) {
    lines.push(
      '',
      'History:',
      formatTable(history, [
        { title: 'executed', value: (h) => h.executed_at.slice(0, 19).replace('T', ' ') },
        { title: 'version', value: (h) => h.dataset_version ?? '-' },
        { title: 'total', value: (h) => h.total, align: 'right' },
        { title: 'complete', value: (h) => pct(h.scores.completeness), align: 'right' },
        { title: 'accurate', value: (h) => pct(h.scores.accuracy), align: 'right' },
        { title: 'unique', value: (h) => pct(h.scores.uniqueness), align: 'right' },
        { title: 'valid', value: (h) => pct(h.scores.validity), align: 'right' },
        { title: 'timely', value: (h) => pct(h.scores.timeliness), align: 'right' },
        { title: 'grade', value: (h) => h.grade ?? '-' },
      ]).trimEnd(),
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `phoneset quality-report`: measures the registry now, stores the run, prints the report.
 *
 * @example
 * registerQualityReportCommand(program); // phoneset quality-report --html q.html
 */
export function registerQualityReportCommand(program: Command): void {
  program
    .command('quality-report')
    .description('Measure the registry now, store the run in the quality history, and print the report')
    .option('--start-date <date>', 'history from this date (default: 7 days ago)', parseDate)
    .option('--end-date <date>', 'history up to this date, inclusive (default: today)', parseDate)
    .option('--suite <file>', 'expectation suite (default: config/expectations.yaml)')
    .option('--json', 'print the report as one JSON object')
    .option('--html <file>', 'also write a self-contained HTML page with charts')
    .addHelpText(
      'after',
      `
One streamed pass over the registry (in customer order) measures completeness, accuracy,
uniqueness (with the dedupe engine's unresolved clusters), validity and timeliness, the KPIs
and the grade; batches received since the last release are measured too. The run is stored in
data_quality_metrics with the dataset version (the content digest of what was measured).

Examples:
  $ phoneset quality-report
  $ phoneset quality-report --start-date 2026-11-01 --html quality.html
  $ phoneset quality-report --json

Exit codes: 0 report made (even when quality is poor; \`phoneset gate\` judges), 1 failure, 2 bad usage or bad suite.`,
    )
    .action(
      async (options: {
        startDate?: string;
        endDate?: string;
        suite?: string;
        json?: boolean;
        html?: string;
      }) => {
        const suite = loadSuiteForCli(options.suite);
        const from = options.startDate ?? new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
        const app = await createApp(getConfig());
        try {
          const run = await buildQualityReport(app.store, {
            suite,
            engine: QUALITY_ENGINE,
            from,
            ...(options.endDate ? { to: options.endDate } : {}),
          });
          if (options.html) writeFileSync(options.html, renderQualityReportHtml(run.report));
          process.stdout.write(
            options.json
              ? `${JSON.stringify({ ...run.report, metric_id: run.metric_id, digest: run.digest })}\n`
              : formatQualityReport(run.report),
          );
          if (options.html) process.stderr.write(`HTML report written to ${options.html}\n`);
        } finally {
          await app.close();
        }
      },
    );
}
