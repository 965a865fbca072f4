import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { PhonesetError } from '../../core/errors.js';
import { type PiiFinding, parseAllowList, scanPii } from '../../pipeline/quality/index.js';

/** The allow-list read when `--allow` is not given and the working folder has one. */
export const DEFAULT_ALLOW_FILE = '.pii-allowlist';

/**
 * `phoneset scan-pii PATH…`: finds phone numbers in files; exit 1 when any is not allow-listed.
 *
 * @example
 * registerScanPiiCommand(program); // phoneset scan-pii . --allow .pii-allowlist
 */
export function registerScanPiiCommand(program: Command): void {
  program
    .command('scan-pii')
    .description(
      'Find phone numbers in files (logs, exports, source, fixtures); fail on any not allow-listed',
    )
    .argument('<paths...>', 'files or folders (folders are walked; node_modules, .git, dist are skipped)')
    .option(
      '--allow <file>',
      `allow-list of numbers and path globs (default: ${DEFAULT_ALLOW_FILE} when present)`,
    )
    .option('--country <cc>', 'country assumed for numbers written without a country code', 'CO')
    .option('--json', 'print every finding as NDJSON (numbers masked)')
    .addHelpText(
      'after',
      `
Allow-list file: one entry a line, # starts a comment.
  +57 300 123 4567      a number (any writing): allowed wherever it appears
  test/**               a path glob relative to the working folder: everything found there is allowed
  **/*.fixture.ts       ** spans folders, * and ? stay within one

Findings print as file:line:column and the masked number; allowed ones only with --json.

Exit codes: 0 nothing outside the allow-list, 1 a number found outside it, 2 bad usage.`,
    )
    .action(async (paths: string[], options: { allow?: string; country: string; json?: boolean }) => {
      const allowFile = options.allow ?? (existsSync(DEFAULT_ALLOW_FILE) ? DEFAULT_ALLOW_FILE : undefined);
      let allowText = '';
      if (allowFile) {
        try {
          allowText = readFileSync(allowFile, 'utf8');
        } catch (cause) {
          throw new PhonesetError('INPUT_NOT_FOUND', { path: allowFile }, { cause });
        }
      }
      for (const p of paths) if (!existsSync(p)) throw new PhonesetError('INPUT_NOT_FOUND', { path: p });
      const allow = parseAllowList(allowText);
      let leaks = 0;
      let allowed = 0;
      const files = new Set<string>();
      for await (const f of scanPii(paths, allow, { defaultCountry: options.country.toUpperCase() })) {
        if (f.allowed) allowed++;
        else {
          leaks++;
          files.add(f.file);
        }
        if (options.json) {
          const { e164: _hidden, ...shown } = f as PiiFinding;
          process.stdout.write(`${JSON.stringify(shown)}\n`);
        } else if (!f.allowed)
          process.stdout.write(`${f.file}:${f.line}:${f.column}: phone number ${f.masked}\n`);
      }
      process.stderr.write(
        leaks > 0
          ? `scan-pii: ${leaks} phone number(s) in ${files.size} file(s) outside the allow-list (${allowed} allowed)\n`
          : `scan-pii: no phone number outside the allow-list (${allowed} allowed)\n`,
      );
      if (leaks > 0) process.exitCode = 1;
    });
}
