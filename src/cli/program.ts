import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { PhonesetError } from '../core/errors.js';
import { METADATA_VERSION } from '../core/phone/index.js';
import { registerBatchesCommand } from './commands/batches.command.js';
import { registerBlacklistCommand } from './commands/blacklist.command.js';
import { registerClientsCommand } from './commands/clients.command.js';
import { registerDedupeCommand } from './commands/dedupe.command.js';
import { registerDemoCommand } from './commands/demo.command.js';
import { registerExportCommand } from './commands/export.command.js';
import { registerGateCommand } from './commands/gate.command.js';
import { registerGenerateCommand } from './commands/generate.command.js';
import { registerImportCommand } from './commands/import.command.js';
import { registerKeysCommand } from './commands/keys.command.js';
import { registerMigrateCommand } from './commands/migrate.command.js';
import { registerNormalizeCommand } from './commands/normalize.command.js';
import { registerProfileCommand } from './commands/profile.command.js';
import { registerQualityReportCommand } from './commands/quality-report.command.js';
import { registerReleaseCommand } from './commands/release.command.js';
import { registerReprocessCommand } from './commands/reprocess.command.js';
import { registerReviewCommand } from './commands/review.command.js';
import { registerScanPiiCommand } from './commands/scan-pii.command.js';
import { registerServeCommand } from './commands/serve.command.js';

/** Exit codes, documented in the README and `phoneset --help`. */
export const EXIT = { OK: 0, FAILURE: 1, USAGE: 2 } as const;

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** Builds the `phoneset` command tree. Each command lives in `commands/<name>.command.ts`. */
export function buildProgram(): Command {
  const program = new Command('phoneset')
    .description('Turn messy customer phone numbers into one trusted, versioned, privacy-safe dataset.')
    .version(`phoneset ${pkg.version}\nnumbering-plan metadata ${METADATA_VERSION}`, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Exit codes:
  0  success
  1  failure (the job ran and failed, or found what it was asked to refuse)
  2  bad usage (unknown command or option, bad argument)

Results go to stdout; messages and progress go to stderr.`,
    );
  registerDemoCommand(program);
  registerMigrateCommand(program);
  registerKeysCommand(program);
  registerBlacklistCommand(program);
  registerBatchesCommand(program);
  registerGenerateCommand(program);
  registerNormalizeCommand(program);
  registerImportCommand(program);
  registerExportCommand(program);
  registerReprocessCommand(program);
  registerServeCommand(program);
  registerClientsCommand(program);
  registerQualityReportCommand(program);
  registerGateCommand(program);
  registerDedupeCommand(program);
  registerReviewCommand(program);
  registerReleaseCommand(program);
  registerScanPiiCommand(program);
  registerProfileCommand(program);
  return program;
}

/**
 * Runs the CLI and returns its exit code (never calls process.exit, so tests can call it).
 *
 * @example
 * const code = await runCli(['normalize', '3001234567', '--json']);
 */
export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  program.exitOverride();
  for (const sub of program.commands) sub.exitOverride();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      ) {
        return EXIT.OK;
      }
      return EXIT.USAGE;
    }
    if (error instanceof PhonesetError) {
      process.stderr.write(`phoneset: ${error.code}: ${error.message}\n`);
      return error.code === 'CLI_BAD_USAGE' ? EXIT.USAGE : EXIT.FAILURE;
    }
    process.stderr.write(
      `phoneset: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return EXIT.FAILURE;
  }
}
