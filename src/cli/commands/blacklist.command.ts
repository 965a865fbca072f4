import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { createApp } from '../../app.js';
import { getConfig } from '../../config.js';
import { PhonesetError } from '../../core/errors.js';
import { normalizePhone } from '../../core/phone/index.js';
import { maskPhone } from '../../core/privacy/mask-phone.js';
import { resolveActor } from '../../pipeline/import/resolve-actor.js';

interface CountryOption {
  defaultCountry: string;
}

/** The E.164 form the blacklist is keyed by, or undefined when the text is not a number. */
function toE164(raw: string, defaultCountry: string): string | undefined {
  return normalizePhone(raw, { defaultCountry }).normalized ?? undefined;
}

function e164OrThrow(raw: string, defaultCountry: string): string {
  const e164 = toE164(raw, defaultCountry);
  if (!e164) {
    throw new PhonesetError('CLI_BAD_USAGE', {
      detail: `"${raw}" is not a phone number (default country ${defaultCountry})`,
    });
  }
  return e164;
}

/** `phoneset blacklist add|remove|list|import`: numbers that must never enter the registry. */
export function registerBlacklistCommand(program: Command): void {
  const blacklist = program
    .command('blacklist')
    .description('Manage numbers that must never enter the registry')
    .addHelpText(
      'after',
      `
Numbers are normalized to E.164 first (so "300 123 4567" and "+57 300-123-4567" are one entry)
and stored encrypted, looked up by blind index. Imports reject blacklisted numbers.

Examples:
  $ phoneset blacklist add "300 123 4567" --reason fraud
  $ phoneset blacklist import numbers.txt --reason "test numbers"
  $ phoneset blacklist list --unmask`,
    );

  blacklist
    .command('add <numbers...>')
    .description('Add numbers')
    .requiredOption('--reason <text>', 'why (kept with each entry)')
    .option('--default-country <CC>', 'country for numbers written without a country code', 'CO')
    .action(async (numbers: string[], options: CountryOption & { reason: string }) => {
      const e164 = numbers.map((n) => e164OrThrow(n, options.defaultCountry));
      const app = await createApp(getConfig());
      try {
        const added = await app.store.blacklist.add(
          e164.map((phone_number) => ({ phone_number, reason: options.reason, added_by: resolveActor() })),
        );
        process.stdout.write(`Added ${added}; ${new Set(e164).size - added} already listed.\n`);
      } finally {
        await app.close();
      }
    });

  blacklist
    .command('remove <numbers...>')
    .description('Remove numbers')
    .option('--default-country <CC>', 'country for numbers written without a country code', 'CO')
    .action(async (numbers: string[], options: CountryOption) => {
      const e164 = numbers.map((n) => e164OrThrow(n, options.defaultCountry));
      const app = await createApp(getConfig());
      try {
        const removed = await app.store.blacklist.remove(e164);
        process.stdout.write(`Removed ${removed}; ${new Set(e164).size - removed} were not listed.\n`);
      } finally {
        await app.close();
      }
    });

  blacklist
    .command('list')
    .description('List entries (numbers masked unless --unmask)')
    .option('--unmask', 'show full numbers')
    .option('--json', 'print NDJSON, one entry per line')
    .action(async (options: { unmask?: boolean; json?: boolean }) => {
      const app = await createApp(getConfig());
      try {
        let n = 0;
        for await (const e of app.store.blacklist.list()) {
          n += 1;
          const phone = options.unmask ? e.phone_number : maskPhone(e.phone_number);
          process.stdout.write(
            options.json
              ? `${JSON.stringify({ ...e, phone_number: phone })}\n`
              : `${phone}\t${e.reason}\t${e.added_by}\t${e.added_at.toISOString()}\n`,
          );
        }
        if (!options.json && n === 0) process.stderr.write('The blacklist is empty.\n');
      } finally {
        await app.close();
      }
    });

  blacklist
    .command('import <file>')
    .description('Add every number of a text/CSV file: one per line, optionally "number,reason"')
    .option('--reason <text>', 'reason for lines that give none', 'imported')
    .option('--default-country <CC>', 'country for numbers written without a country code', 'CO')
    .action(async (file: string, options: CountryOption & { reason: string }) => {
      if (!existsSync(file)) throw new PhonesetError('INPUT_NOT_FOUND', { path: file });
      const app = await createApp(getConfig());
      try {
        const actor = resolveActor();
        let pending: { phone_number: string; reason: string; added_by: string }[] = [];
        let added = 0;
        let read = 0;
        const unreadable: string[] = [];
        let line = 0;
        for await (const text of createInterface({
          input: createReadStream(file),
          crlfDelay: Number.POSITIVE_INFINITY,
        })) {
          line += 1;
          const trimmed = text.replace(/^\uFEFF/, '').trim();
          if (!trimmed) continue;
          const cut = trimmed.search(/[,;\t]/);
          const raw = cut < 0 ? trimmed : trimmed.slice(0, cut);
          const reason = cut < 0 ? '' : trimmed.slice(cut + 1).trim();
          const e164 = toE164(raw.replace(/^"|"$/g, ''), options.defaultCountry);
          if (!e164) {
            unreadable.push(`line ${line}`);
            continue;
          }
          read += 1;
          pending.push({ phone_number: e164, reason: reason || options.reason, added_by: actor });
          if (pending.length === 5000) {
            added += await app.store.blacklist.add(pending);
            pending = [];
          }
        }
        added += await app.store.blacklist.add(pending);
        process.stdout.write(
          `Read ${read} number(s) from ${file}; added ${added}, ${read - added} already listed.\n`,
        );
        if (unreadable.length) {
          process.stderr.write(
            `Skipped ${unreadable.length} line(s) without a readable number: ${unreadable.slice(0, 10).join(', ')}${unreadable.length > 10 ? ', …' : ''}\n`,
          );
        }
      } finally {
        await app.close();
      }
    });
}
