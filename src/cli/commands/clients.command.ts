import { randomUUID } from 'node:crypto';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { ApiClientRegistry } from '../../api/auth/api-client-store.js';
import { generateApiKey } from '../../api/auth/generate-api-key.js';
import { hashApiKey } from '../../api/auth/hash-api-key.js';
import { ROLES, type Role } from '../../api/auth/roles.js';
import { createApp } from '../../app.js';
import { getConfig } from '../../config.js';
import { PhonesetError } from '../../core/errors.js';
import { formatTable } from '../ui/format-table.js';

/** Opens the client registry for one command and says how to close it. */
export type OpenClientRegistry = () => Promise<{ registry: ApiClientRegistry; close(): Promise<void> }>;

/** The store's `api_clients` table. */
const openStoreRegistry: OpenClientRegistry = async () => {
  const wired = await createApp(getConfig());
  return { registry: wired.store.apiClients, close: () => wired.close() };
};

const parseLimit = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError('expected a whole number of requests per minute');
  return n;
};

interface CreateOptions {
  name: string;
  role: Role;
  readLimit?: number;
  writeLimit?: number;
  json?: boolean;
}

/**
 * `phoneset clients create|list|revoke`: API clients. `create` prints the new
 * key once on stdout; only its SHA-256 is stored.
 *
 * @example
 * registerClientsCommand(program); // phoneset clients create --name crm --role reader
 */
export function registerClientsCommand(program: Command, open: OpenClientRegistry = openStoreRegistry): void {
  const clients = program
    .command('clients')
    .description('API clients: create (prints a key once), list, revoke');

  clients
    .command('create')
    .description('Register an API client and print its key (shown only this once)')
    .requiredOption('--name <name>', 'who the client is, e.g. crm-sync')
    .addOption(new Option('--role <role>', 'the role it gets').choices(ROLES).makeOptionMandatory())
    .option('--read-limit <n>', 'reads per minute (default: server default, 1,000)', parseLimit)
    .option('--write-limit <n>', 'writes per minute (default: server default, 100)', parseLimit)
    .option('--json', 'print {client_id, name, role, api_key} as JSON')
    .action(async (options: CreateOptions) => {
      const name = options.name.trim();
      if (!name) throw new PhonesetError('CLI_BAD_USAGE', { detail: '--name must not be empty' });
      const key = generateApiKey();
      const client = {
        client_id: `cli_${randomUUID()}`,
        name,
        role: options.role,
        key_hash: hashApiKey(key),
        rate_limits: {
          ...(options.readLimit === undefined ? {} : { read_per_minute: options.readLimit }),
          ...(options.writeLimit === undefined ? {} : { write_per_minute: options.writeLimit }),
        },
      };
      const { registry, close } = await open();
      try {
        await registry.create(client);
      } finally {
        await close();
      }
      if (options.json) {
        process.stdout.write(
          `${JSON.stringify({ client_id: client.client_id, name, role: options.role, api_key: key })}\n`,
        );
      } else {
        process.stderr.write(
          `created API client ${client.client_id} (${name}, role ${options.role}); the key is shown only now:\n`,
        );
        process.stdout.write(`${key}\n`);
      }
    });

  clients
    .command('list')
    .description('List API clients (never their keys)')
    .option('--json', 'one JSON object per line')
    .action(async (options: { json?: boolean }) => {
      const { registry, close } = await open();
      try {
        const rows = await registry.list();
        if (options.json) {
          for (const r of rows) {
            const { client_id, name, roles, rate_limits, revoked_at, created_at } = r;
            process.stdout.write(
              `${JSON.stringify({ client_id, name, roles, rate_limits, revoked_at, created_at })}\n`,
            );
          }
          return;
        }
        process.stdout.write(
          `${formatTable(rows, [
            { title: 'client_id', value: (r) => r.client_id },
            { title: 'name', value: (r) => r.name },
            { title: 'role', value: (r) => r.roles.join(',') },
            { title: 'reads/min', value: (r) => r.rate_limits?.read_per_minute ?? 'default', align: 'right' },
            {
              title: 'writes/min',
              value: (r) => r.rate_limits?.write_per_minute ?? 'default',
              align: 'right',
            },
            { title: 'revoked', value: (r) => (r.revoked_at ? new Date(r.revoked_at).toISOString() : '') },
          ])}\n`,
        );
      } finally {
        await close();
      }
    });

  clients
    .command('revoke')
    .description('Revoke an API client (its key stops working within the API key cache TTL, 10 s)')
    .argument('<client_id>')
    .action(async (clientId: string) => {
      const { registry, close } = await open();
      try {
        if (!(await registry.revoke(clientId))) {
          throw new PhonesetError('CLI_BAD_USAGE', { detail: `no live API client "${clientId}"` });
        }
        process.stderr.write(`revoked ${clientId}\n`);
      } finally {
        await close();
      }
    });
}
