import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { createApp } from '../../app.js';
import { getConfig } from '../../config.js';
import { FileLake } from '../../lake/index.js';
import { profileDataset } from '../../pipeline/quality/index.js';
import { renderProfileHtml } from '../../report/render-profile-html.js';
import { formatTable } from '../ui/format-table.js';

/**
 * `phoneset profile [--batch ID]`: a data profile of the registry or of a raw batch.
 *
 * @example
 * registerProfileCommand(program); // phoneset profile --batch b-42 --html profile.html
 */
export function registerProfileCommand(program: Command): void {
  program
    .command('profile')
    .description(
      'Profile the registry, or a raw batch read back from the lake (nulls, distinct values, formats, lengths)',
    )
    .option('--batch <id>', 'profile this batch exactly as it was received')
    .option('--html <file>', 'also write a self-contained HTML page')
    .option('--json', 'print the profile as one JSON object')
    .addHelpText(
      'after',
      '\nPhone values are profiled with their middle digits hidden.\n\nExit codes: 0 done, 1 failure, 2 bad usage.',
    )
    .action(async (options: { batch?: string; html?: string; json?: boolean }) => {
      const app = await createApp(getConfig());
      try {
        const lake = new FileLake({ root: join(app.config.home, 'lake'), keyRing: app.keyring });
        const { profile, subject } = await profileDataset(
          { store: app.store, lake },
          options.batch ? { batchId: options.batch } : {},
        );
        if (options.html) {
          writeFileSync(
            options.html,
            renderProfileHtml(profile, {
              title: `Profile of ${subject}`,
              generatedAt: new Date().toISOString(),
            }),
          );
        }
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ subject, ...profile })}\n`);
        } else {
          process.stdout.write(`Profile of ${subject}: ${profile.rows.toLocaleString('en-US')} rows\n`);
          process.stdout.write(
            formatTable(profile.columns, [
              { title: 'column', value: (c) => c.name },
              { title: 'nulls', value: (c) => `${(c.null_rate * 100).toFixed(1)}%`, align: 'right' },
              {
                title: 'distinct',
                value: (c) => `${c.distinct}${c.distinct_capped ? '+' : ''}`,
                align: 'right',
              },
              { title: 'top format', value: (c) => c.patterns[0]?.key ?? '-' },
              { title: 'top value', value: (c) => c.top_values[0]?.key ?? '-' },
            ]),
          );
        }
        if (options.html) process.stderr.write(`HTML profile written to ${options.html}\n`);
      } finally {
        await app.close();
      }
    });
}
