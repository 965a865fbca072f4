import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

const RESULTS = new URL('../RESULTS.md', import.meta.url);

/**
 * Replaces one benchmark's section of bench/RESULTS.md (between
 * `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`), appending it when new, so
 * each benchmark owns its section and reruns overwrite only their own figures.
 *
 * @example
 * recordResults('normalize-phone', '## normalizePhone\n\n| … |', 'npm run bench -- normalize-phone');
 */
export function recordResults(name: string, markdown: string, command: string): void {
  const header =
    '# Benchmark results\n\nEach section is written by the benchmark it names; rerun the command to refresh it.\n';
  const current = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : header;
  const stamp = `_${new Date().toISOString()} · ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}) · node ${process.version}_`;
  const section = `<!-- bench:${name} -->\n${markdown.trim()}\n\nCommand: \`${command}\`\n\n${stamp}\n<!-- /bench:${name} -->`;
  const pattern = new RegExp(`<!-- bench:${name} -->[\\s\\S]*?<!-- /bench:${name} -->`);
  const next = pattern.test(current)
    ? current.replace(pattern, section)
    : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(RESULTS, next);
}

/** Median of a list of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
