import type { Command } from 'commander';
import { getConfig } from '../../config.js';
import { PhonesetError } from '../../core/errors.js';
import { loadKeys, writeKeyFile } from '../../security/key-file.js';
import {
  formatKeyMaterial,
  generateKeyMaterial,
  type KeyMaterial,
  newKeyId,
} from '../../security/key-material.js';
import { KeyRing } from '../../security/key-ring.js';
import { keyUsage, rotateKeys } from '../../store/key-rotation.js';
import { migrate } from '../../store/migrate.js';
import { openDb } from '../../store/open-db.js';
import { createProgressBar } from '../ui/create-progress-bar.js';
import { formatTable } from '../ui/format-table.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new PhonesetError('CLI_BAD_USAGE', { detail: `"${value}" is not a positive integer` });
  return n;
}

/** Adds a fresh data key to the key file and makes it active; refused when keys come from PHONESET_KEYS. */
function addKey(): { material: KeyMaterial; keyId: string; file: string } {
  const config = getConfig();
  const loaded = loadKeys(config.keys);
  if (loaded.origin === 'env' || !loaded.file) {
    throw new PhonesetError('KEYS_READ_ONLY', {
      origin: 'PHONESET_KEYS',
      detail:
        'add the new key to PHONESET_KEYS yourself (id*=base64key marks it active), then run `phoneset keys rotate`',
    });
  }
  const keyId = newKeyId(loaded.material.dataKeys.keys());
  const fresh = generateKeyMaterial(keyId);
  const material: KeyMaterial = {
    active: keyId,
    dataKeys: new Map([...loaded.material.dataKeys, [keyId, fresh.dataKeys.get(keyId) as Buffer]]),
    indexKey: loaded.material.indexKey,
  };
  writeKeyFile(loaded.file, material);
  return { material, keyId, file: loaded.file };
}

/** `phoneset keys status|add|rotate|generate`: the encryption keys of the data at rest. */
export function registerKeysCommand(program: Command): void {
  const keys = program
    .command('keys')
    .description('Inspect and rotate the keys that encrypt phone numbers at rest')
    .addHelpText(
      'after',
      `
Keys come from PHONESET_KEYS, else from the key file (default $PHONESET_HOME/keys.json, created
with mode 0600 on first run of the embedded database). PHONESET_KEYS takes either the key file's
JSON or the compact form

  PHONESET_KEYS="index=<base64>,k2025=<base64>,k2026*=<base64>"

where every key is 32 random bytes in base64 (openssl rand -base64 32), "index" is the blind-index
key (HMAC-SHA256, never rotated: the uniqueness constraint and lookups depend on it) and "*" marks
the data key new values are written under (AES-256-GCM). Keep old data keys listed until
\`phoneset keys rotate\` reports nothing left under them.`,
    );

  keys
    .command('status')
    .description('Show the active key, the keys held, and how many stored values each key protects')
    .option('--json', 'print as one JSON object')
    .action(async (options: { json?: boolean }) => {
      const config = getConfig();
      const loaded = loadKeys(config.keys);
      const db = await openDb(config.store);
      try {
        await migrate(db);
        const usage = await keyUsage(db);
        const status = {
          origin: loaded.origin === 'env' ? 'PHONESET_KEYS' : loaded.file,
          active: loaded.material.active,
          keys: [...loaded.material.dataKeys.keys()],
          usage,
          stale: usage.filter((u) => u.key_id !== loaded.material.active).reduce((n, u) => n + u.rows, 0),
        };
        if (options.json) {
          process.stdout.write(`${JSON.stringify(status)}\n`);
          return;
        }
        process.stdout.write(
          `Keys from ${status.origin}\nActive data key: ${status.active}\nData keys held: ${status.keys.join(', ')}\n\n`,
        );
        process.stdout.write(
          formatTable(usage, [
            { title: 'table', value: (u) => u.table },
            {
              title: 'key',
              value: (u) => (u.key_id === status.active ? `${u.key_id} (active)` : u.key_id || '-'),
            },
            { title: 'rows', value: (u) => u.rows, align: 'right' },
          ]),
        );
        process.stdout.write(
          status.stale
            ? `\n${status.stale} value(s) under older keys: run \`phoneset keys rotate\`.\n`
            : '\nAll values are under the active key.\n',
        );
      } finally {
        await db.close();
      }
    });

  keys
    .command('add')
    .description('Add a fresh data key to the key file and make it active (then run `keys rotate`)')
    .action(() => {
      const { keyId, file } = addKey();
      process.stdout.write(`Added data key ${keyId} to ${file}; it is now active.\n`);
    });

  keys
    .command('rotate')
    .description('Re-encrypt every stored value that is not under the active key (resumable)')
    .option('--new-key', 'first add a fresh data key to the key file and make it active')
    .option('--batch-size <n>', 'rows re-encrypted per committed transaction', positiveInt, 1000)
    .option('--json', 'print the result as one JSON object')
    .addHelpText(
      'after',
      `
Each batch is committed on its own, so the command can be interrupted at any point and run
again: it continues with whatever is still under an older key.

Examples:
  $ phoneset keys rotate --new-key
  $ phoneset keys rotate --batch-size 5000`,
    )
    .action(async (options: { newKey?: boolean; batchSize: number; json?: boolean }) => {
      const config = getConfig();
      const material = options.newKey ? addKey().material : loadKeys(config.keys).material;
      const ring = new KeyRing(material);
      const db = await openDb(config.store);
      let bar: ReturnType<typeof createProgressBar> | undefined;
      try {
        await migrate(db);
        const result = await rotateKeys(db, ring, {
          batchSize: options.batchSize,
          onProgress: (done, total) => {
            bar ??= createProgressBar({ total, label: `rotate to ${ring.activeKeyId}` });
            bar.update(done, done);
          },
        }).finally(() => bar?.stop());
        process.stdout.write(
          options.json
            ? `${JSON.stringify({ active: ring.activeKeyId, ...result })}\n`
            : `Re-encrypted ${result.rotated} value(s) under ${ring.activeKeyId}; ${result.remaining} left under older keys.\n`,
        );
      } finally {
        await db.close();
      }
    });

  keys
    .command('generate')
    .description('Print fresh key material (JSON) for PHONESET_KEYS or a key file; stores nothing')
    .action(() => {
      process.stdout.write(formatKeyMaterial(generateKeyMaterial(newKeyId([]))));
    });
}
