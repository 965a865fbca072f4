import { randomBytes } from 'node:crypto';
import { PhonesetError } from '../core/errors.js';

/**
 * The secrets the key ring holds: several data keys (AES-256, one active for
 * new writes, the others kept to read older values until `keys rotate` has
 * re-encrypted them) and one index key (HMAC-SHA256) for blind indexes.
 */
export interface KeyMaterial {
  /** Id of the data key new values are encrypted under. */
  active: string;
  /** Data keys by id; each 32 bytes. */
  dataKeys: Map<string, Buffer>;
  /** Blind-index key; 32 bytes. Stable for the life of the database (see KeyRing). */
  indexKey: Buffer;
}

/** The JSON layout of a key file and of `PHONESET_KEYS` in its JSON form. */
export interface KeyFileJson {
  version: 1;
  active: string;
  data_keys: Record<string, string>;
  index_key: string;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

function decodeKey(text: string, what: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) {
    throw new PhonesetError('KEYS_INVALID', {
      where,
      detail: `${what} must be 32 bytes in base64 (got ${key.length} bytes)`,
    });
  }
  return key;
}

function checkKeyId(id: string, where: string): void {
  if (!KEY_ID.test(id)) {
    throw new PhonesetError('KEYS_INVALID', {
      where,
      detail: `key id "${id}" must be 1–32 characters of A–Z a–z 0–9 _ -`,
    });
  }
}

/**
 * Parses key material from a key file's JSON or from `PHONESET_KEYS`.
 *
 * Two forms are accepted:
 * - JSON: `{"version":1,"active":"k2","data_keys":{"k1":"<b64>","k2":"<b64>"},"index_key":"<b64>"}`
 * - compact: `index=<b64>,k1=<b64>,k2*=<b64>` — comma-separated `id=base64key`,
 *   `index` names the blind-index key, `*` after an id marks the active data key
 *   (when no key is starred, the last one listed is active).
 *
 * Every key is 32 random bytes in standard base64 (`openssl rand -base64 32`).
 *
 * @example
 * parseKeyMaterial('index=…,k1*=…', 'PHONESET_KEYS').active; // 'k1'
 */
export function parseKeyMaterial(text: string, where: string): KeyMaterial {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let json: Partial<KeyFileJson>;
    try {
      json = JSON.parse(trimmed) as Partial<KeyFileJson>;
    } catch (error) {
      throw new PhonesetError('KEYS_INVALID', { where, detail: 'not valid JSON' }, { cause: error });
    }
    if (!json.data_keys || typeof json.data_keys !== 'object' || !json.index_key || !json.active) {
      throw new PhonesetError('KEYS_INVALID', {
        where,
        detail: 'expected {"version":1,"active":ID,"data_keys":{ID:KEY},"index_key":KEY}',
      });
    }
    const dataKeys = new Map<string, Buffer>();
    for (const [id, key] of Object.entries(json.data_keys)) {
      checkKeyId(id, where);
      dataKeys.set(id, decodeKey(String(key), `data key "${id}"`, where));
    }
    return finish(json.active, dataKeys, decodeKey(json.index_key, 'index key', where), where);
  }
  const dataKeys = new Map<string, Buffer>();
  let indexKey: Buffer | undefined;
  let active: string | undefined;
  let last: string | undefined;
  for (const part of trimmed.split(',')) {
    if (!part.trim()) continue;
    const eq = part.indexOf('=');
    if (eq < 0) {
      throw new PhonesetError('KEYS_INVALID', {
        where,
        detail: `"${part.trim().slice(0, 12)}…" is not id=key`,
      });
    }
    let id = part.slice(0, eq).trim();
    const value = part.slice(eq + 1);
    if (id === 'index') {
      indexKey = decodeKey(value, 'index key', where);
      continue;
    }
    if (id.endsWith('*')) {
      id = id.slice(0, -1);
      active = id;
    }
    checkKeyId(id, where);
    dataKeys.set(id, decodeKey(value, `data key "${id}"`, where));
    last = id;
  }
  if (!indexKey) throw new PhonesetError('KEYS_INVALID', { where, detail: 'no index=<key> entry' });
  return finish(active ?? last ?? '', dataKeys, indexKey, where);
}

function finish(active: string, dataKeys: Map<string, Buffer>, indexKey: Buffer, where: string): KeyMaterial {
  if (dataKeys.size === 0) throw new PhonesetError('KEYS_INVALID', { where, detail: 'no data key' });
  if (!dataKeys.has(active)) {
    throw new PhonesetError('KEYS_INVALID', {
      where,
      detail: `active key "${active}" is not among the data keys`,
    });
  }
  return { active, dataKeys, indexKey };
}

/**
 * Serialises key material to the key-file JSON layout.
 *
 * @example
 * writeFileSync(path, formatKeyMaterial(material), { mode: 0o600 });
 */
export function formatKeyMaterial(material: KeyMaterial): string {
  const json: KeyFileJson = {
    version: 1,
    active: material.active,
    data_keys: Object.fromEntries([...material.dataKeys].map(([id, key]) => [id, key.toString('base64')])),
    index_key: material.indexKey.toString('base64'),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

/**
 * Fresh key material: one data key (active) and one index key, from the OS CSPRNG.
 *
 * @example
 * generateKeyMaterial('k20261128').active; // 'k20261128'
 */
export function generateKeyMaterial(keyId: string): KeyMaterial {
  return { active: keyId, dataKeys: new Map([[keyId, randomBytes(32)]]), indexKey: randomBytes(32) };
}

/**
 * A new data-key id based on today's date, unique among `existing`.
 *
 * @example
 * newKeyId(['k20261128']); // 'k20261128_2'
 */
export function newKeyId(existing: Iterable<string>, now = new Date()): string {
  const taken = new Set(existing);
  const base = `k${now.toISOString().slice(0, 10).replaceAll('-', '')}`;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    if (!taken.has(`${base}_${n}`)) return `${base}_${n}`;
  }
}
