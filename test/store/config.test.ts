import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

const cwd = () => mkdtempSync(join(tmpdir(), 'phoneset-config-'));

describe('loadConfig', () => {
  it('defaults to an embedded store under ./.phoneset that creates its key file', () => {
    const dir = cwd();
    const sut = loadConfig({ env: {}, cwd: dir });
    expect(sut.home).toBe(join(dir, '.phoneset'));
    expect(sut.store).toEqual({ url: undefined, dataDir: join(dir, '.phoneset', 'db'), poolSize: 10 });
    expect(sut.keys).toEqual({
      inline: undefined,
      file: join(dir, '.phoneset', 'keys.json'),
      createIfMissing: true,
    });
  });

  it('reads the YAML file and lets the environment win', () => {
    const dir = cwd();
    writeFileSync(
      join(dir, 'phoneset.config.yaml'),
      'home: data\nstore:\n  url: postgres://file@db/phoneset\n  pool_size: 4\nkeys:\n  file: secrets/k.json\n',
    );
    const fromFile = loadConfig({ env: {}, cwd: dir });
    expect([fromFile.home, fromFile.store.url, fromFile.store.poolSize, fromFile.keys.file]).toEqual([
      join(dir, 'data'),
      'postgres://file@db/phoneset',
      4,
      join(dir, 'data', 'secrets', 'k.json'),
    ]);
    expect(fromFile.keys.createIfMissing).toBe(false);
    const fromEnv = loadConfig({
      env: { DATABASE_URL: 'postgresql://env@db/x', PHONESET_DB_POOL_SIZE: '2', PHONESET_HOME: '/srv/ps' },
      cwd: dir,
    });
    expect([fromEnv.home, fromEnv.store.url, fromEnv.store.poolSize]).toEqual([
      '/srv/ps',
      'postgresql://env@db/x',
      2,
    ]);
  });

  it('reads business rules and dedupe overrides from the same file', () => {
    const dir = cwd();
    writeFileSync(
      join(dir, 'phoneset.config.yaml'),
      'rules:\n  max_phones_per_customer: 3\n  actions:\n    invalid_for_plan: reject\n',
    );
    const sut = loadConfig({ env: {}, cwd: dir });
    expect(sut.rules.max_phones_per_customer).toBe(3);
    expect(sut.rules.actions.invalid_for_plan).toBe('reject');
    expect(sut.rules.actions.blacklisted).toBe('reject');
    expect(sut.dedupe).toEqual({});
  });

  it.each([
    [{ DATABASE_URL: 'mysql://x' }, '', /DATABASE_URL: expected postgres:/],
    [{ PHONESET_DB_POOL_SIZE: 'many' }, '', /PHONESET_DB_POOL_SIZE: expected a positive integer/],
    [{}, 'store: [1, 2]\n', /store: expected a mapping/],
    [{}, 'keys:\n  data_keys: {a: b}\n', /keys never go in the config file/],
    [{ PHONESET_CONFIG: 'missing.yaml' }, '', /missing\.yaml: file not found/],
    [{}, 'rules:\n  max_phones: 3\n', /rules\.max_phones: unknown key/],
    [{}, 'dedupe:\n  auto_merge: 0.9\n', /dedupe\.auto_merge: unknown key/],
  ])('refuses %o / %j, naming where and why', (env, yaml, why) => {
    const dir = cwd();
    if (yaml) writeFileSync(join(dir, 'phoneset.config.yaml'), yaml);
    expect(() => loadConfig({ env, cwd: dir })).toThrow(why);
  });
});
