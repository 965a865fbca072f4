import type { FailingIds } from '../core/quality/quality-types.js';
import { escapeHtml } from './escape-html.js';
import { reportFormat } from './report-format.js';

const SHOWN_MAX = 5000;

/**
 * The failing ids of one expectation as HTML: ranges as `first–last`, then other ids. Long
 * lists render inside a collapsed `<details>`; past 5,000 entries the page points to the
 * complete machine-readable list instead of growing without bound.
 *
 * @example
 * renderFailingIds({ kind: 'phone_id', count: 3, ranges: [[10, 12]], ids: [] }); // '…10–12…'
 */
export function renderFailingIds(failing: FailingIds, collapseAbove = 40): string {
  const parts: string[] = [];
  for (const [start, end] of failing.ranges) {
    if (parts.length >= SHOWN_MAX) break;
    parts.push(start === end ? String(start) : `${start}–${end}`);
  }
  for (const id of failing.ids) {
    if (parts.length >= SHOWN_MAX) break;
    parts.push(id);
  }
  const shown = failing.ranges.length + failing.ids.length;
  const more =
    shown > SHOWN_MAX
      ? `<p class="muted">Showing the first ${reportFormat.count(SHOWN_MAX)} entries; the complete list is in the gate's JSON output (<code>phoneset gate --json</code>).</p>`
      : '';
  const one = failing.count === 1;
  const noun =
    failing.kind === 'customer_id'
      ? one
        ? 'customer id'
        : 'customer ids'
      : failing.kind === 'row'
        ? one
          ? 'row number'
          : 'row numbers'
        : one
          ? 'record id'
          : 'record ids';
  const list = `<p class="ids">${parts.map(escapeHtml).join(', ')}</p>${more}`;
  if (failing.count <= collapseAbove)
    return `<p class="muted">${reportFormat.count(failing.count)} ${noun}</p>${list}`;
  return `<details><summary>${reportFormat.count(failing.count)} ${noun} (show)</summary>${list}</details>`;
}
