import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { PhonesetError } from '../core/errors.js';
import {
  formatKeyMaterial,
  generateKeyMaterial,
  type KeyMaterial,
  newKeyId,
  parseKeyMaterial,
} from './key-material.js';

/** Where key material comes from. */
export interface KeysConfig {
  /** `PHONESET_KEYS`, when set: takes precedence over the file. */
  inline?: string | undefined;
  /** Key file path (default `$PHONESET_HOME/keys.json`). */
  file: string;
  /** Create the key file with fresh keys when it is missing (embedded mode). */
  createIfMissing: boolean;
}

/** Key material plus where it came from, for `keys status` and for writes. */
export interface LoadedKeys {
  material: KeyMaterial;
  origin: 'env' | 'file' | 'created';
  file?: string;
}

/**
 * Loads key material: `PHONESET_KEYS` if set, else the key file; in embedded
 * mode a missing key file is created with fresh keys (mode 0600) and a notice
 * goes to `notice` (stderr), because losing that file means losing the data.
 *
 * @example
 * const { material } = loadKeys({ file: '.phoneset/keys.json', createIfMissing: true });
 */
export function loadKeys(config: KeysConfig, notice: (text: string) => void = writeStderr): LoadedKeys {
  if (config.inline?.trim()) {
    return { material: parseKeyMaterial(config.inline, 'PHONESET_KEYS'), origin: 'env' };
  }
  if (existsSync(config.file)) {
    const mode = statSync(config.file).mode & 0o777;
    if (mode & 0o077) {
      notice(
        `phoneset: warning: key file ${config.file} is readable by others (mode ${mode.toString(8)}); run chmod 600\n`,
      );
    }
    return {
      material: parseKeyMaterial(readFileSync(config.file, 'utf8'), config.file),
      origin: 'file',
      file: config.file,
    };
  }
  if (!config.createIfMissing) {
    throw new PhonesetError('KEYS_MISSING', { file: config.file });
  }
  const material = generateKeyMaterial(newKeyId([]));
  writeKeyFile(config.file, material);
  notice(
    `phoneset: created encryption keys at ${config.file} (mode 0600).\n` +
      '  Phone numbers in the database are encrypted with these keys: back this file up and keep it\n' +
      '  secret. Without it the data cannot be read. In production set PHONESET_KEYS instead.\n',
  );
  return { material, origin: 'created', file: config.file };
}

/**
 * Writes key material to a key file atomically (temp file + rename), mode 0600.
 *
 * @example
 * writeKeyFile('.phoneset/keys.json', material);
 */
export function writeKeyFile(file: string, material: KeyMaterial): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, formatKeyMaterial(material), { mode: 0o600, flag: 'w' });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

function writeStderr(text: string): void {
  process.stderr.write(text);
}
