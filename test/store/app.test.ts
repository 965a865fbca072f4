import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { BACKENDS } from '../support/services.js';
import { createTestDb } from '../support/store.js';

for (const backend of BACKENDS) {
  describe(`createApp on ${backend}`, () => {
    it('wires keys and a migrated store from configuration, and keeps data across restarts', async () => {
      const home = mkdtempSync(join(tmpdir(), 'phoneset-app-'));
      const target = backend === 'postgres' ? await createTestDb('postgres') : undefined;
      await target?.db.close();
      const env = { PHONESET_HOME: home, ...(target ? { DATABASE_URL: target.url as string } : {}) };
      const inline =
        backend === 'postgres' ? { PHONESET_KEYS: `index=${'A'.repeat(43)}=,k1=${'B'.repeat(43)}=` } : {};
      try {
        const config = loadConfig({ env: { ...env, ...inline }, cwd: home });
        const notices: string[] = [];
        const app = await createApp(config, { notice: (t) => notices.push(t) });
        expect(app.store.kind).toBe(backend);
        expect(app.keys.origin).toBe(backend === 'pglite' ? 'created' : 'env');
        if (backend === 'pglite') expect(readdirSync(home).sort()).toEqual(['db', 'keys.json']);
        await app.store.blacklist.add([{ phone_number: '+573001234567', reason: 'r', added_by: 't' }]);
        await app.close();

        const again = await createApp(config, { notice: (t) => notices.push(t) });
        expect(await again.store.blacklist.has(['+573001234567'])).toEqual(new Set(['+573001234567']));
        await again.close();
        expect(notices.length).toBe(backend === 'pglite' ? 1 : 0);
      } finally {
        await target?.drop();
      }
    });
  });
}
