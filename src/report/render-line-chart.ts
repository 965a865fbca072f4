import { escapeHtml } from './escape-html.js';
import { reportFormat } from './report-format.js';

/** One line of a line chart. */
export interface LineSeries {
  name: string;
  /** Index into the palette (CSS class `series-N`). */
  color: number;
  values: ReadonlyArray<number | null>;
}

/**
 * A line chart (inline SVG) of ratios over runs: x is the run (labelled by date), y is the
 * score on a range that fits the data (never below 0), with a legend. Gaps (null) break a line.
 *
 * @example
 * renderLineChart({ id: 'history', title: 'Scores over time', labels: ['11-20', '11-21'], series });
 */
export function renderLineChart(input: {
  id: string;
  title: string;
  labels: readonly string[];
  series: readonly LineSeries[];
}): string {
  const width = 760;
  const height = 260;
  const left = 48;
  const right = 16;
  const top = 16;
  const bottom = 36;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const all = input.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const lowest = all.length ? Math.min(...all) : 0.9;
  const yMin = Math.max(0, Math.floor((lowest - 0.01) * 20) / 20);
  const yMax = 1;
  const n = input.labels.length;
  const x = (i: number) => left + (n <= 1 ? plotW / 2 : (i / (n - 1)) * plotW);
  const y = (v: number) => top + (1 - (v - yMin) / (yMax - yMin || 1)) * plotH;
  const ticks = 5;
  const grid = Array.from({ length: ticks + 1 }, (_, i) => {
    const v = yMin + ((yMax - yMin) * i) / ticks;
    return `<line x1="${left}" x2="${width - right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" class="line__grid"/><text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" class="line__axis line__axis--y">${escapeHtml(reportFormat.percent(v, 0))}</text>`;
  }).join('');
  const every = Math.max(1, Math.ceil(n / 8));
  const xLabels = input.labels
    .map((label, i) =>
      i % every === 0 || i === n - 1
        ? `<text x="${x(i).toFixed(1)}" y="${height - 12}" class="line__axis line__axis--x">${escapeHtml(label)}</text>`
        : '',
    )
    .join('');
  const lines = input.series
    .map((s) => {
      let d = '';
      let pen = false;
      s.values.forEach((v, i) => {
        if (v === null) {
          pen = false;
          return;
        }
        d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)} ${y(v).toFixed(1)} `;
        pen = true;
      });
      const dots = s.values
        .map((v, i) =>
          v === null
            ? ''
            : `<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="2.6"><title>${escapeHtml(`${s.name} ${input.labels[i] ?? ''}: ${reportFormat.percent(v)}`)}</title></circle>`,
        )
        .join('');
      return `<g class="series series-${s.color}"><path d="${d.trim()}" class="line__path"/>${dots}</g>`;
    })
    .join('\n');
  const legend = input.series
    .map(
      (s) => `<li class="series-${s.color}"><span class="legend__swatch"></span>${escapeHtml(s.name)}</li>`,
    )
    .join('');
  const empty =
    n === 0 ? `<text x="${width / 2}" y="${height / 2}" class="chart__empty">no history yet</text>` : '';
  return `<figure class="chart chart--line" data-chart="line-${escapeHtml(input.id)}">
<figcaption>${escapeHtml(input.title)}</figcaption>
<svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeHtml(`${input.title}, ${n} runs`)}">
${grid}${xLabels}
${lines}${empty}
</svg>
<ul class="legend">${legend}</ul>
</figure>`;
}
