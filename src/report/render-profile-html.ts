import type { ColumnProfile, DataProfile } from '../core/quality/profile-records.js';
import { escapeHtml } from './escape-html.js';
import { renderBarChart } from './render-bar-chart.js';
import { reportFormat } from './report-format.js';
import { REPORT_STYLES } from './report-styles.js';

/**
 * Renders a data profile (`profileRecords`) as one self-contained HTML page: an overview table
 * of every column (null rate, distinct values, kinds, lengths), then per column its most
 * frequent values and the formats seen (digit-shape patterns) as bar charts.
 *
 * @example
 * writeFileSync('profile.html', renderProfileHtml(profileRecords(rows), { title: 'Batch 42 profile' }));
 */
export function renderProfileHtml(
  profile: DataProfile,
  options: { title?: string; subtitle?: string; generatedAt?: string } = {},
): string {
  const title = options.title ?? 'Data profile';
  const overview = profile.columns
    .map(
      (c) => `<tr><th scope="row"><a href="#col-${escapeHtml(c.name)}">${escapeHtml(c.name)}</a></th>
<td class="num">${reportFormat.percent(c.null_rate)}</td><td class="num">${reportFormat.count(c.distinct)}${c.distinct_capped ? '+' : ''}</td>
<td>${escapeHtml(kinds(c))}</td><td class="num">${lengths(c)}</td><td>${c.patterns[0] ? `<code>${escapeHtml(c.patterns[0].key)}</code>` : '—'}</td></tr>`,
    )
    .join('\n');
  const columns = profile.columns.map((c) => renderColumn(c)).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="phoneset">
<title>${escapeHtml(title)}</title>
<style>${REPORT_STYLES}</style>
</head>
<body>
<main>
<header class="card"><h1>${escapeHtml(title)}</h1>
<p class="muted">${escapeHtml(options.subtitle ?? '')}${options.subtitle ? ' · ' : ''}${reportFormat.count(profile.rows)} rows · ${profile.columns.length} columns${options.generatedAt ? ` · generated ${escapeHtml(reportFormat.date(options.generatedAt))} UTC` : ''}</p></header>
<section class="card" aria-labelledby="overview-h"><h2 id="overview-h">Columns</h2>
<table><thead><tr><th scope="col">Column</th><th scope="col" class="num">Null rate</th><th scope="col" class="num">Distinct</th><th scope="col">Kinds</th><th scope="col" class="num">Length min / mean / max</th><th scope="col">Most common format</th></tr></thead>
<tbody>${overview}</tbody></table></section>
${columns}
<footer>phoneset data profile · formats: D = digit, A = capital letter, a = small letter, other characters as written</footer>
</main>
</body>
</html>
`;
}

function renderColumn(c: ColumnProfile): string {
  const facts = [
    ['Null rate', `${reportFormat.percent(c.null_rate)} (${reportFormat.count(c.nulls)})`],
    ['Distinct', `${reportFormat.count(c.distinct)}${c.distinct_capped ? '+' : ''}`],
    ['Kinds', kinds(c)],
    ['Length', lengths(c)],
    ...(c.numeric
      ? [['Range', `${c.numeric.min} … ${c.numeric.max} (mean ${reportFormat.decimal(c.numeric.mean)})`]]
      : []),
    ...(c.dates ? [['Dates', `${reportFormat.date(c.dates.min)} … ${reportFormat.date(c.dates.max)}`]] : []),
  ]
    .map(([k, v]) => `<div class="stat"><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd></div>`)
    .join('');
  const charts = [
    renderBarChart({ id: `values-${c.name}`, title: 'Most frequent values', items: c.top_values }),
    c.patterns.length
      ? renderBarChart({ id: `patterns-${c.name}`, title: 'Formats seen', items: c.patterns })
      : '',
  ].join('\n');
  return `<section class="card" id="col-${escapeHtml(c.name)}" aria-labelledby="col-h-${escapeHtml(c.name)}"><h2 id="col-h-${escapeHtml(c.name)}">${escapeHtml(c.name)}</h2>
<dl class="stats">${facts}</dl>
<div class="grid2" style="margin-top:14px">${charts}</div></section>`;
}

function kinds(c: ColumnProfile): string {
  const entries = Object.entries(c.kinds);
  return entries.length ? entries.map(([k, n]) => `${k} ${reportFormat.count(n)}`).join(', ') : '—';
}

function lengths(c: ColumnProfile): string {
  return c.length.min === null
    ? '—'
    : `${c.length.min} / ${reportFormat.decimal(c.length.mean, 1)} / ${c.length.max}`;
}
