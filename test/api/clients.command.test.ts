import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type {
  ApiClientRecord,
  ApiClientRegistry,
  NewApiClient,
} from '../../src/api/auth/api-client-store.js';
import { registerClientsCommand } from '../../src/cli/commands/clients.command.js';
import { buildTestApp } from './api-test-kit.js';

/** The registry port over a Map, standing in for the store's api_clients table in this test. */
class MapRegistry implements ApiClientRegistry {
  readonly rows: NewApiClient[] = [];
  readonly revoked = new Set<string>();
  async create(client: NewApiClient): Promise<void> {
    this.rows.push(client);
  }
  async list() {
    return this.rows.map((r) => ({ ...this.#record(r), created_at: new Date() }));
  }
  async revoke(clientId: string): Promise<boolean> {
    if (!this.rows.some((r) => r.client_id === clientId) || this.revoked.has(clientId)) return false;
    this.revoked.add(clientId);
    return true;
  }
  async findByKeyHash(keyHash: string): Promise<ApiClientRecord | null> {
    const row = this.rows.find((r) => r.key_hash === keyHash);
    return row ? this.#record(row) : null;
  }
  #record(r: NewApiClient): ApiClientRecord {
    return {
      client_id: r.client_id,
      name: r.name,
      roles: [r.role],
      rate_limits: r.rate_limits,
      revoked_at: this.revoked.has(r.client_id) ? new Date() : null,
    };
  }
}

async function run(registry: MapRegistry, args: string[]): Promise<{ stdout: string; stderr: string }> {
  const program = new Command('phoneset').exitOverride();
  registerClientsCommand(program, async () => ({ registry, close: async () => {} }));
  for (const sub of program.commands) {
    sub.exitOverride();
    for (const leaf of sub.commands) leaf.exitOverride().configureOutput({ writeErr: () => {} });
  }
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(args, { from: 'user' });
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return { stdout, stderr };
}

describe('phoneset clients', () => {
  afterEach(() => vi.restoreAllMocks());

  it('creates a client, prints its key once, stores only the hash, and the key then opens the API', async () => {
    const registry = new MapRegistry();
    const { stdout, stderr } = await run(registry, [
      'clients',
      'create',
      '--name',
      'crm',
      '--role',
      'reader',
      '--read-limit',
      '5',
    ]);
    const key = stdout.trim();
    expect(key).toMatch(/^psk_[A-Za-z0-9_-]{43}$/);
    expect(stderr).toContain('shown only now');
    expect(registry.rows).toHaveLength(1);
    expect(registry.rows[0]).toMatchObject({
      name: 'crm',
      role: 'reader',
      rate_limits: { read_per_minute: 5 },
    });
    expect(JSON.stringify(registry.rows)).not.toContain(key);

    const { sut } = await buildTestApp({ apiClients: registry });
    try {
      const res = await sut.inject({
        method: 'POST',
        url: '/v1/phones/validate',
        headers: { 'x-api-key': key },
        payload: { phone_number: '3001234567' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['ratelimit-limit']).toBe('5');
    } finally {
      await sut.close();
    }
  });

  it('lists clients without keys or hashes, and revokes one', async () => {
    const registry = new MapRegistry();
    await run(registry, ['clients', 'create', '--name', 'etl', '--role', 'writer', '--json']);
    const id = registry.rows[0]?.client_id as string;
    const listed = await run(registry, ['clients', 'list']);
    expect(listed.stdout).toContain('etl');
    expect(listed.stdout).toContain('writer');
    expect(listed.stdout).not.toContain(registry.rows[0]?.key_hash as string);
    await run(registry, ['clients', 'revoke', id]);
    expect(registry.revoked.has(id)).toBe(true);
    await expect(run(registry, ['clients', 'revoke', id])).rejects.toMatchObject({ code: 'CLI_BAD_USAGE' });
  });

  it('refuses an unknown role', async () => {
    await expect(
      run(new MapRegistry(), ['clients', 'create', '--name', 'x', '--role', 'root']),
    ).rejects.toMatchObject({
      code: 'commander.invalidArgument',
    });
  });
});
