import type { ExpectationResult } from '../core/quality/evaluate-suite.js';
import type { QualityReport } from '../core/quality/quality-report.js';
import { DIMENSIONS, type Dimension } from '../core/quality/quality-types.js';
import { escapeHtml } from './escape-html.js';
import { renderBarChart } from './render-bar-chart.js';
import { renderFailingIds } from './render-failing-ids.js';
import { renderGauge } from './render-gauge.js';
import { renderLineChart } from './render-line-chart.js';
import { reportFormat } from './report-format.js';
import { REPORT_STYLES } from './report-styles.js';

const LABEL: Record<Dimension, string> = {
  completeness: 'Completeness',
  accuracy: 'Accuracy',
  validity: 'Validity',
  uniqueness: 'Uniqueness',
  timeliness: 'Timeliness',
};

/**
 * Renders a quality report as one self-contained HTML page: inline CSS and SVG charts, no
 * script, no external fetch. It shows the grade and the five dimensions as gauges, the KPIs,
 * metric history over time, distributions by type, carrier, country and source, top issue
 * codes, every expectation result, and for each failing one an anchored list of its ids.
 *
 * @example
 * writeFileSync('quality.html', renderQualityReportHtml(report));
 */
export function renderQualityReportHtml(report: QualityReport): string {
  const { evaluation } = report;
  const { metrics, grade, results } = evaluation;
  const thresholds = grade.thresholds;
  const unit = metrics.level === 'registry' ? 'records' : 'rows';
  const failed = results.filter((r) => !r.passed);
  const gate = report.gate;
  const gatePill = gate
    ? `<span class="pill ${gate.passed ? 'pill--pass' : 'pill--fail'}">Gate ${gate.passed ? 'passed' : 'failed'}</span>`
    : '';

  const header = `<header class="card header">
<div class="grade grade--${grade.grade}" role="img" aria-label="Quality grade ${grade.grade}" data-testid="grade"><span class="grade__letter">${grade.grade}</span><span class="grade__caption">grade</span></div>
<div class="header__text">
<h1>${escapeHtml(report.title)}</h1>
<p class="muted">${escapeHtml(report.subject)}${report.dataset_version ? ` · version <code>${escapeHtml(report.dataset_version)}</code>` : ''} · measured ${escapeHtml(reportFormat.date(metrics.measured_at))} UTC · generated ${escapeHtml(reportFormat.date(report.generated_at))} UTC</p>
<p>Overall score <strong>${escapeHtml(reportFormat.percent(grade.score))}</strong>${grade.below_threshold.length ? ` · below threshold: ${grade.below_threshold.map((d) => escapeHtml(LABEL[d])).join(', ')}` : ' · every dimension meets its threshold'} ${gatePill}
${failed.length ? `<span class="pill pill--fail">${failed.length} expectation${failed.length === 1 ? '' : 's'} failing</span>` : '<span class="pill pill--pass">all expectations pass</span>'}</p>
</div>
</header>`;

  const gateFindings =
    gate && (gate.failures.length || gate.warnings.length)
      ? `<section class="card" aria-labelledby="gate-h"><h2 id="gate-h">Gate</h2><p><strong>${escapeHtml(gate.summary)}</strong></p><ul class="findings">${[
          ...gate.failures.map(
            (f) =>
              `<li><span class="pill pill--fail">${escapeHtml(f.kind)}</span> ${escapeHtml(f.message)}</li>`,
          ),
          ...gate.warnings.map(
            (f) => `<li><span class="pill pill--warn">warning</span> ${escapeHtml(f.message)}</li>`,
          ),
        ].join('')}</ul></section>`
      : '';

  const counts = `<dl class="stats">
${stat(metrics.level === 'registry' ? 'Records' : 'Rows received', reportFormat.count(metrics.total))}
${stat('Valid', reportFormat.count(metrics.valid))}
${stat('Invalid', reportFormat.count(metrics.invalid))}
${stat(metrics.level === 'registry' ? 'Unresolved duplicates' : 'Duplicates', reportFormat.count(metrics.duplicate))}
${stat('Customers', reportFormat.count(metrics.kpis.customers))}
${stat('Phones / customer', reportFormat.decimal(metrics.kpis.phones_per_customer))}
${stat('Verification rate', reportFormat.percent(metrics.kpis.verification_rate))}
${stat('Coverage rate', reportFormat.percent(metrics.kpis.coverage_rate))}
</dl>`;

  const t = metrics.timeliness;
  const timeliness =
    metrics.level === 'registry'
      ? `Newest update ${escapeHtml(reportFormat.hours(t.hours_since_newest))} ago · ${escapeHtml(reportFormat.percent(t.share_within_sla))} of records updated within ${escapeHtml(reportFormat.hours(t.sla_hours))}`
      : `Lag from source update to arrival: median ${escapeHtml(reportFormat.hours(t.median_lag_hours))}, p95 ${escapeHtml(reportFormat.hours(t.p95_lag_hours))} · ${escapeHtml(reportFormat.percent(t.share_within_sla))} within ${escapeHtml(reportFormat.hours(t.sla_hours))}`;

  const dimensions = `<section class="card" aria-labelledby="dims-h"><h2 id="dims-h">Quality dimensions</h2>
<div class="gauges">${DIMENSIONS.map((d) => renderGauge({ id: d, label: LABEL[d], value: metrics.scores[d], threshold: thresholds[d] })).join('\n')}</div>
<p class="muted">${timeliness}. Thresholds are marked on each gauge.</p>
${counts}
</section>`;

  const history = [...report.history]
    .filter((h) => h.level === metrics.level)
    .sort((a, b) => a.executed_at.localeCompare(b.executed_at));
  const points = [
    ...history.map((h) => ({ at: h.executed_at, scores: h.scores })),
    { at: metrics.measured_at, scores: metrics.scores },
  ];
  const historyChart = `<section class="card" aria-labelledby="hist-h"><h2 id="hist-h">Metric history</h2>
${renderLineChart({
  id: 'history',
  title: `Dimension scores over the last ${points.length} runs (latest: this report)`,
  labels: points.map((p) => p.at.slice(5, 10)),
  series: DIMENSIONS.map((d, i) => ({ name: LABEL[d], color: i, values: points.map((p) => p.scores[d]) })),
})}
</section>`;

  const d = metrics.distributions;
  const distributions = `<section class="card" aria-labelledby="dist-h"><h2 id="dist-h">Distribution of ${unit}</h2>
<div class="grid2">
${renderBarChart({ id: 'type', title: 'By number type', items: d.type })}
${renderBarChart({ id: 'carrier', title: 'By carrier (original range holder)', items: d.carrier })}
${renderBarChart({ id: 'country', title: 'By country', items: d.country })}
${renderBarChart({ id: 'source', title: 'By source system', items: d.source })}
</div></section>`;

  const issues = `<section class="card" aria-labelledby="issues-h"><h2 id="issues-h">Top issue codes</h2>
${renderBarChart({ id: 'issues', title: `Issue codes across ${unit} (a ${unit.slice(0, -1)} may carry several)`, items: metrics.top_issues, limit: 12, tone: 'warn', width: 820, labelWidth: 250 })}
</section>`;

  const expectationRows = results
    .map((r) => {
      const state = r.passed ? 'pass' : r.severity === 'error' ? 'fail' : 'warn';
      const link =
        !r.passed && r.failing_ids.count > 0
          ? `<a href="#ids-${escapeHtml(r.expectation)}">${reportFormat.count(r.failing_ids.count)}</a>`
          : reportFormat.count(r.failing_ids.count);
      return `<tr class="row--${state}"><td><strong>${escapeHtml(r.expectation)}</strong><br><span class="muted">${escapeHtml(r.description ?? r.type)}</span></td>
<td><span class="pill pill--${state}">${r.passed ? 'pass' : r.severity === 'error' ? 'FAIL' : 'warn'}</span></td>
<td class="num">${escapeHtml(observed(r))}</td><td class="num">${escapeHtml(`${r.comparison === '>=' ? '≥' : '≤'} ${formatValue(r, r.threshold)}`)}</td>
<td class="num">${link}</td><td>${escapeHtml(r.message)}</td></tr>`;
    })
    .join('\n');
  const expectations = `<section class="card" aria-labelledby="exp-h"><h2 id="exp-h">Expectations</h2>
<table><thead><tr><th scope="col">Expectation</th><th scope="col">Result</th><th scope="col" class="num">Observed</th><th scope="col" class="num">Needs</th><th scope="col" class="num">Failing</th><th scope="col">Detail</th></tr></thead>
<tbody>${expectationRows}</tbody></table></section>`;

  const failingSections = failed.filter((r) => r.failing_ids.count > 0);
  const failing = failingSections.length
    ? `<section class="card" aria-labelledby="ids-h"><h2 id="ids-h">Failing records</h2>
${failingSections
  .map(
    (r) =>
      `<section class="failing" id="ids-${escapeHtml(r.expectation)}"><h3>${escapeHtml(r.expectation)} <span class="pill pill--${r.severity === 'error' ? 'fail' : 'warn'}">${escapeHtml(r.severity)}</span></h3>${renderFailingIds(r.failing_ids)}</section>`,
  )
  .join('\n')}
</section>`
    : '';

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="phoneset">
<title>${escapeHtml(`${report.title} — grade ${grade.grade}`)}</title>
<style>${REPORT_STYLES}</style>
</head>
<body>
<main>
${header}
${gateFindings}
${dimensions}
${historyChart}
${distributions}
${issues}
${expectations}
${failing}
<footer>phoneset quality report · ${escapeHtml(String(metrics.total))} ${unit}${report.metadata_version ? ` · numbering-plan metadata ${escapeHtml(report.metadata_version)}` : ''} · grades and thresholds: docs/quality.md</footer>
</main>
</body>
</html>
`;
}

function stat(label: string, value: string): string {
  return `<div class="stat"><dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd></div>`;
}

function formatValue(r: ExpectationResult, value: number | null): string {
  return r.unit === 'hours' ? reportFormat.hours(value) : reportFormat.percent(value);
}

function observed(r: ExpectationResult): string {
  return formatValue(r, r.observed);
}
