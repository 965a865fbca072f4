import { join } from 'node:path';
import type { PhonesetConfig } from './config.js';
import { createPhoneEngine, type PhoneEngine } from './enrich/index.js';
import { FileLake } from './lake/index.js';
import { type LoadedKeys, loadKeys } from './security/key-file.js';
import { KeyRing } from './security/key-ring.js';
import { openStore, type Store } from './store/store.js';

/** The wired application: adapters built from configuration. */
export interface App {
  config: PhonesetConfig;
  keyring: KeyRing;
  /** Where the keys came from (env, file, or a file created now). */
  keys: Omit<LoadedKeys, 'material'>;
  store: Store;
  /** The raw lake under `$PHONESET_HOME/lake`, encrypted with the same key ring. */
  lake: FileLake;
  /** The phone engine with carrier, region and time-zone data (loaded lazily, once). */
  engine: PhoneEngine;
  /** Closes every adapter. */
  close(): Promise<void>;
}

export interface CreateAppOptions {
  /** Where notices (a created key file) go; default stderr. */
  notice?: (text: string) => void;
}

/**
 * The composition root: loads the keys, opens the database (PGlite or
 * PostgreSQL), applies pending migrations, opens the lake, and returns the
 * adapters. The only place that decides which implementation backs each port.
 *
 * @example
 * const app = await createApp(getConfig());
 * try { await app.store.phones.count(); } finally { await app.close(); }
 */
export async function createApp(config: PhonesetConfig, options: CreateAppOptions = {}): Promise<App> {
  const { material, ...keys } = loadKeys(config.keys, options.notice);
  const keyring = new KeyRing(material);
  const store = await openStore(config.store, keyring);
  const lake = new FileLake({ root: join(config.home, 'lake'), keyRing: keyring });
  // A write killed mid-way leaves only a temp file (never a visible lake file); sweep old ones.
  await lake.removeStaleTemp();
  return {
    config,
    keyring,
    keys,
    store,
    lake,
    engine: createPhoneEngine(),
    close: () => store.close(),
  };
}
