import { escapeHtml } from './escape-html.js';
import { reportFormat } from './report-format.js';

/**
 * A semicircular gauge (inline SVG) for a score in [0, 1] with its threshold marked; green
 * when the score meets the threshold, red when not, grey when unknown. The text says the same
 * as the colour, for readers who do not see it.
 *
 * @example
 * renderGauge({ id: 'accuracy', label: 'Accuracy', value: 0.991, threshold: 0.98 });
 */
export function renderGauge(input: {
  id: string;
  label: string;
  value: number | null;
  threshold: number;
}): string {
  const { id, label, value, threshold } = input;
  // Scores cluster near 100 %: when value and threshold allow, the dial spans 80–100 % (its ends
  // are labelled) so that 97 % and 99 % look different.
  const floor = (value === null || value >= 0.8) && threshold >= 0.8 ? 0.8 : 0;
  const scale = (v: number) => Math.min(1, Math.max(0, (v - floor) / (1 - floor)));
  const r = 52;
  const cx = 70;
  const cy = 68;
  const point = (t: number) => {
    const angle = Math.PI * (1 - t);
    return [cx + r * Math.cos(angle), cy - r * Math.sin(angle)] as const;
  };
  const arc = (from: number, to: number) => {
    const [x1, y1] = point(from);
    const [x2, y2] = point(to);
    return `M${x1.toFixed(2)} ${y1.toFixed(2)} A${r} ${r} 0 0 1 ${x2.toFixed(2)} ${y2.toFixed(2)}`;
  };
  const ok = value !== null && value >= threshold;
  const state = value === null ? 'unknown' : ok ? 'pass' : 'fail';
  const t = scale(threshold);
  const [tx1, ty1] = [cx + (r - 9) * Math.cos(Math.PI * (1 - t)), cy - (r - 9) * Math.sin(Math.PI * (1 - t))];
  const [tx2, ty2] = [cx + (r + 9) * Math.cos(Math.PI * (1 - t)), cy - (r + 9) * Math.sin(Math.PI * (1 - t))];
  const status = value === null ? 'not measurable' : ok ? 'meets threshold' : 'below threshold';
  const aria = `${label}: ${reportFormat.percent(value)}, threshold ${reportFormat.percent(threshold, 0)}, ${status}`;
  return `<figure class="gauge gauge--${state}" data-chart="gauge-${escapeHtml(id)}">
<svg viewBox="0 0 140 86" width="140" height="86" role="img" aria-label="${escapeHtml(aria)}"><title>${escapeHtml(aria)}</title>
<path d="${arc(0, 1)}" class="gauge__track"/>
${value !== null && scale(value) > 0 ? `<path d="${arc(0, Math.max(0.001, scale(value)))}" class="gauge__value"/>` : ''}
<line x1="${tx1.toFixed(2)}" y1="${ty1.toFixed(2)}" x2="${tx2.toFixed(2)}" y2="${ty2.toFixed(2)}" class="gauge__threshold"/>
<text x="${cx - r}" y="${cy + 14}" class="gauge__end">${floor * 100}%</text><text x="${cx + r}" y="${cy + 14}" class="gauge__end">100%</text>
<text x="${cx}" y="${cy - 6}" class="gauge__number">${escapeHtml(reportFormat.percent(value))}</text>
</svg>
<figcaption><span class="gauge__label">${escapeHtml(label)}</span><span class="gauge__status">${value === null ? 'n/a' : ok ? '✓' : '✗'} min ${escapeHtml(reportFormat.percent(threshold, 0))}</span></figcaption>
</figure>`;
}
