import type { PairExplanation } from './explain-pair.js';

/**
 * Renders an explanation as a text waterfall: one line per step with its weight and a bar
 * to the left (against) or right (for) of the axis.
 *
 * @example
 * console.log(renderExplanation(explainPair(a, b, model)));
 * // number      transposition      +6.10 |██████
 */
export function renderExplanation(e: PairExplanation, barScale = 1): string {
  const maxBar = 20;
  const lines = [`pair ${e.a} ~ ${e.b}`];
  const nameWidth = Math.max(...e.steps.map((s) => s.name.length));
  const levelWidth = Math.max(...e.steps.map((s) => s.level.length));
  for (const s of e.steps) {
    const n = Math.min(maxBar, Math.round(Math.abs(s.weight) * barScale));
    const left = s.weight < 0 ? '█'.repeat(n).padStart(maxBar) : ' '.repeat(maxBar);
    const right = s.weight > 0 ? '█'.repeat(n) : '';
    const sign = s.weight >= 0 ? '+' : '-';
    lines.push(
      `${s.name.padEnd(nameWidth)}  ${s.level.padEnd(levelWidth)}  ${sign}${Math.abs(s.weight).toFixed(2).padStart(6)}  ${left}|${right}`,
    );
  }
  lines.push(
    `total ${e.totalWeight >= 0 ? '+' : ''}${e.totalWeight.toFixed(2)} bits · p = ${e.probability.toFixed(6)} · ${e.decision}`,
  );
  return lines.join('\n');
}
