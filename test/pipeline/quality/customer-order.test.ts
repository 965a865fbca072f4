import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUALITY_ENGINE } from '../../../src/cli/commands/quality-report.command.js';
import { loadSuite, measureRegistry } from '../../../src/pipeline/quality/index.js';
import { BACKENDS } from '../../support/services.js';
import { createImportKit, type ImportKit } from '../import/import-kit.js';
import { MOBILES } from './quality-fixtures.js';

// Customer ids whose order differs between byte order and a language collation (case, accents).
const CUSTOMERS = ['b0', 'B1', 'a1', 'Á2', 'A3', 'z9', 'Z8'];

for (const backend of BACKENDS) {
  describe(`registry streamed in customer order on ${backend}`, () => {
    let kit: ImportKit;
    beforeAll(async () => {
      kit = await createImportKit(backend);
      const fresh = new Date(Date.now() - 3_600_000).toISOString();
      const rows = CUSTOMERS.map((c, i) => `${c},${MOBILES[i]},${fresh}`);
      await kit.run(kit.file('order.csv', `customer_id,phone,updated_at\n${rows.join('\n')}\n`));
    }, 300_000);
    afterAll(() => kit.close());

    it('pages in the byte order JavaScript compares in, across page boundaries', async () => {
      const seen: string[] = [];
      for await (const r of kit.store.phones.iterate({}, { orderBy: 'customer_id', pageSize: 2 }))
        seen.push(r.customer_id);
      expect(seen).toEqual([...CUSTOMERS].sort());
    });

    it('measures the registry with per-customer counts in flat memory', async () => {
      const sut = await measureRegistry(kit.store, { suite: loadSuite(), engine: QUALITY_ENGINE });
      expect(sut.metrics.total).toBe(CUSTOMERS.length);
      expect(sut.metrics.kpis.customers).toBe(CUSTOMERS.length);
    });
  });
}
