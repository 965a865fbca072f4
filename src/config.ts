import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { type ApiServeConfig, readApiConfig } from './api/api-config.js';
import { DEFAULT_DEDUPE_CONFIG } from './core/dedupe/dedupe-config.js';
import type { DedupeConfigInput } from './core/dedupe/resolve-dedupe-config.js';
import { PhonesetError } from './core/errors.js';
import { type RulesConfig, resolveRulesConfig } from './core/rules/index.js';
import type { KeysConfig } from './security/key-file.js';

/**
 * phoneset's configuration: one typed object, built once from an optional YAML
 * file and the environment (the environment wins), validated as it is read.
 *
 * File: `--config FILE` / `PHONESET_CONFIG`, else `./phoneset.config.yaml` when present.
 *
 * | setting | file key | env |
 * |---|---|---|
 * | home folder (default `./.phoneset`) | `home` | `PHONESET_HOME` |
 * | PostgreSQL URL (absent: embedded PGlite in `$PHONESET_HOME/db`) | `store.url` | `DATABASE_URL` |
 * | PGlite data folder | `store.data_dir` | `PHONESET_DB_DIR` |
 * | PostgreSQL pool size (default 10) | `store.pool_size` | `PHONESET_DB_POOL_SIZE` |
 * | keys, inline (see `parseKeyMaterial`) | — (never in a file) | `PHONESET_KEYS` |
 * | key file (default `$PHONESET_HOME/keys.json`) | `keys.file` | `PHONESET_KEY_FILE` |
 * | business rules (see `RulesConfig`) | `rules` | — |
 * | dedupe thresholds and weights (see `DedupeConfig`) | `dedupe` | — |
 * | the HTTP API: port, host, auth, rate limits, CORS, body limit, cache (see `readApiConfig`) | `api` | `PORT`, `HOST`, `PHONESET_JWT_*`, `PHONESET_JWKS_URL`, `PHONESET_RATE_*`, `PHONESET_CORS_ORIGINS`, `PHONESET_BODY_LIMIT`, `PHONESET_TRUST_PROXY`, `LOG_LEVEL`, `REDIS_URL` |
 */
export interface PhonesetConfig {
  /** Absolute home folder for embedded data (database, keys, lake). */
  home: string;
  store: StoreConfig;
  keys: KeysConfig;
  /** Business rules applied to every ingested row (import, API, stream). */
  rules: RulesConfig;
  /** Overrides of the dedupe defaults (thresholds, EM, survivorship); empty for the defaults. */
  dedupe: DedupeConfigInput;
  /** The HTTP API (`phoneset serve`). */
  api: ApiServeConfig;
  /** Where the values came from, for messages. */
  source: { file: string | null };
}

/** Which database to open. */
export interface StoreConfig {
  /** `postgres://…` for PostgreSQL; undefined for embedded PGlite. */
  url: string | undefined;
  /** PGlite data folder (embedded mode). */
  dataDir: string;
  /** PostgreSQL pool size. */
  poolSize: number;
}

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  /** Explicit config file; otherwise PHONESET_CONFIG, then ./phoneset.config.yaml when present. */
  file?: string;
  cwd?: string;
}

type Raw = Record<string, unknown>;

function section(raw: Raw, name: string, where: string): Raw {
  const value = raw[name];
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new PhonesetError('CONFIG_INVALID', { where: `${where}: ${name}`, detail: 'expected a mapping' });
  }
  return value as Raw;
}

/** The `dedupe` section, refusing keys the dedupe config does not have (a typo must not fall back silently). */
function dedupeSection(raw: Raw, where: string): DedupeConfigInput {
  const input = section(raw, 'dedupe', where);
  const known = Object.keys(DEFAULT_DEDUPE_CONFIG);
  for (const key of Object.keys(input)) {
    if (!known.includes(key)) {
      throw new PhonesetError('CONFIG_INVALID', {
        where: `${where}: dedupe.${key}`,
        detail: `unknown key; known keys are ${known.join(', ')}`,
      });
    }
  }
  return input as DedupeConfigInput;
}

function stringOf(value: unknown, where: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') {
    throw new PhonesetError('CONFIG_INVALID', {
      where,
      detail: `expected text, got ${JSON.stringify(value)}`,
    });
  }
  return value;
}

function positiveInt(value: unknown, where: string, fallback: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new PhonesetError('CONFIG_INVALID', {
      where,
      detail: `expected a positive integer, got ${JSON.stringify(value)}`,
    });
  }
  return n;
}

/**
 * Builds and validates the configuration from a file and the environment.
 * Pure apart from reading the file; `getConfig()` is the read-once entry point.
 *
 * @example
 * const config = loadConfig({ env: { PHONESET_HOME: '/tmp/ps' } });
 * config.store.dataDir; // '/tmp/ps/db'
 */
export function loadConfig(options: LoadConfigOptions = {}): PhonesetConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const explicit = options.file ?? env.PHONESET_CONFIG;
  const candidate = explicit ? resolve(cwd, explicit) : resolve(cwd, 'phoneset.config.yaml');
  let raw: Raw = {};
  let file: string | null = null;
  if (existsSync(candidate)) {
    file = candidate;
    let parsed: unknown;
    try {
      parsed = parseYaml(readFileSync(candidate, 'utf8'));
    } catch (error) {
      throw new PhonesetError(
        'CONFIG_INVALID',
        { where: candidate, detail: (error as Error).message },
        { cause: error },
      );
    }
    if (parsed !== null && parsed !== undefined) {
      if (typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new PhonesetError('CONFIG_INVALID', {
          where: candidate,
          detail: 'expected a YAML mapping at the top',
        });
      }
      raw = parsed as Raw;
    }
  } else if (explicit) {
    throw new PhonesetError('CONFIG_INVALID', { where: candidate, detail: 'file not found' });
  }
  const where = file ?? 'environment';

  const home = resolve(cwd, env.PHONESET_HOME || stringOf(raw.home, `${where}: home`) || '.phoneset');

  const store = section(raw, 'store', where);
  const url = env.DATABASE_URL || stringOf(store.url, `${where}: store.url`);
  if (url && !/^postgres(ql)?:\/\//.test(url)) {
    throw new PhonesetError('CONFIG_INVALID', {
      where: env.DATABASE_URL ? 'DATABASE_URL' : `${where}: store.url`,
      detail: 'expected postgres://user@host:port/database',
    });
  }
  const dataDir = resolve(
    home,
    env.PHONESET_DB_DIR || stringOf(store.data_dir, `${where}: store.data_dir`) || 'db',
  );
  const poolSize = positiveInt(
    env.PHONESET_DB_POOL_SIZE ?? store.pool_size,
    env.PHONESET_DB_POOL_SIZE ? 'PHONESET_DB_POOL_SIZE' : `${where}: store.pool_size`,
    10,
  );

  const keys = section(raw, 'keys', where);
  if (keys.inline !== undefined || keys.data_keys !== undefined) {
    throw new PhonesetError('CONFIG_INVALID', {
      where: `${where}: keys`,
      detail: 'keys never go in the config file; use PHONESET_KEYS or keys.file',
    });
  }
  const keyFile = resolve(
    home,
    env.PHONESET_KEY_FILE || stringOf(keys.file, `${where}: keys.file`) || 'keys.json',
  );

  return {
    home,
    store: { url, dataDir, poolSize },
    // A key file is created on first run only for the embedded database: with a
    // shared PostgreSQL, a fresh key on one machine would make the data unreadable on others.
    keys: { inline: env.PHONESET_KEYS, file: keyFile, createIfMissing: !url },
    rules: resolveRulesConfig(raw.rules, where),
    dedupe: dedupeSection(raw, where),
    api: readApiConfig(section(raw, 'api', where), env, `${where}: api`),
    source: { file },
  };
}

let cached: PhonesetConfig | undefined;

/**
 * The process-wide configuration, read once on first call.
 *
 * @example
 * const { store } = getConfig();
 */
export function getConfig(options?: LoadConfigOptions): PhonesetConfig {
  cached ??= loadConfig(options);
  return cached;
}
