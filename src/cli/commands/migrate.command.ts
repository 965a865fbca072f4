import type { Command } from 'commander';
import { getConfig } from '../../config.js';
import { migrate, readMigrations } from '../../store/migrate.js';
import { openDb } from '../../store/open-db.js';

/** `phoneset migrate`: applies pending schema migrations to the configured database. */
export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('Apply pending database migrations (also done automatically at start)')
    .option('--json', 'print the result as one JSON object')
    .addHelpText(
      'after',
      `
The database is embedded PGlite in $PHONESET_HOME/db (default ./.phoneset/db), or
PostgreSQL when DATABASE_URL is set. Each migration runs in its own transaction and is
recorded in schema_migrations; running again applies nothing. A migration file that
changed after it was applied is refused (STORE_MIGRATION_CHANGED).

Examples:
  $ phoneset migrate
  $ DATABASE_URL=postgres://app@db:5432/phoneset phoneset migrate --json`,
    )
    .action(async (options: { json?: boolean }) => {
      const db = await openDb(getConfig().store);
      try {
        const result = await migrate(db);
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ database: db.target, ...result })}\n`);
          return;
        }
        const names = new Map(readMigrations().map((m) => [m.version, `${m.version}_${m.name}`]));
        process.stdout.write(
          result.applied.length
            ? `Applied ${result.applied.length} migration(s) to ${db.target}:\n${result.applied
                .map((v) => `  ${names.get(v) ?? v}\n`)
                .join('')}`
            : `${db.target} is up to date (${result.current.length} migrations).\n`,
        );
      } finally {
        await db.close();
      }
    });
}
