import type { CountShare } from '../core/quality/quality-types.js';
import { escapeHtml } from './escape-html.js';
import { reportFormat } from './report-format.js';

/**
 * A horizontal bar chart (inline SVG) of counts with their shares, largest first. An empty
 * input still renders the chart frame with a "no data" note, so the layout never jumps.
 *
 * @example
 * renderBarChart({ id: 'type', title: 'By number type', items: metrics.distributions.type });
 */
export function renderBarChart(input: {
  id: string;
  title: string;
  items: readonly CountShare[];
  limit?: number;
  tone?: 'neutral' | 'warn';
  /** Drawing width in SVG units; wider charts keep their text the same size on wide cards. */
  width?: number;
  labelWidth?: number;
}): string {
  const items = input.items.slice(0, input.limit ?? 10);
  const width = input.width ?? 460;
  const labelWidth = input.labelWidth ?? 150;
  const valueWidth = 110;
  const barSpace = width - labelWidth - valueWidth;
  const rowHeight = 26;
  const height = Math.max(1, items.length) * rowHeight + 8;
  const max = Math.max(1, ...items.map((i) => i.count));
  const rows = items
    .map((item, index) => {
      const y = 4 + index * rowHeight;
      const w = Math.max(2, (item.count / max) * barSpace);
      const maxChars = Math.floor(labelWidth / 7);
      const label = item.key.length > maxChars ? `${item.key.slice(0, maxChars - 1)}…` : item.key;
      return `<g><title>${escapeHtml(`${item.key}: ${reportFormat.count(item.count)} (${reportFormat.percent(item.share)})`)}</title>
<text x="${labelWidth - 8}" y="${y + 17}" class="bar__label">${escapeHtml(label)}</text>
<rect x="${labelWidth}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowHeight - 8}" rx="3" class="bar__rect"/>
<text x="${labelWidth + w + 6}" y="${y + 17}" class="bar__value">${escapeHtml(reportFormat.count(item.count))} · ${escapeHtml(reportFormat.percent(item.share, item.share < 0.01 ? 2 : 1))}</text></g>`;
    })
    .join('\n');
  const empty = items.length === 0 ? `<text x="${width / 2}" y="18" class="chart__empty">no data</text>` : '';
  return `<figure class="chart chart--bar chart--${input.tone ?? 'neutral'}" data-chart="bar-${escapeHtml(input.id)}">
<figcaption>${escapeHtml(input.title)}</figcaption>
<svg viewBox="0 0 ${width} ${height}" width="100%" style="max-width:${width * 1.25}px" role="img" aria-label="${escapeHtml(`${input.title}: ${items.map((i) => `${i.key} ${reportFormat.percent(i.share)}`).join(', ') || 'no data'}`)}">
${rows}${empty}
</svg>
</figure>`;
}
