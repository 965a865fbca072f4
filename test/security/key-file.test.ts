import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKeys } from '../../src/security/key-file.js';
import { KeyRing } from '../../src/security/key-ring.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'phoneset-keys-'));

describe('loadKeys', () => {
  it('creates a key file with mode 0600 on first run and says so', () => {
    const file = join(tmp(), 'home', 'keys.json');
    const notices: string[] = [];
    const first = loadKeys({ file, createIfMissing: true }, (t) => notices.push(t));
    expect(first.origin).toBe('created');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(notices.join('')).toMatch(/created encryption keys at .*keys\.json \(mode 0600\)/);

    const again = loadKeys({ file, createIfMissing: true }, (t) => notices.push(t));
    expect(again.origin).toBe('file');
    expect(notices).toHaveLength(1);
    const envelope = new KeyRing(first.material).encrypt('+573001234567');
    expect(new KeyRing(again.material).decrypt(envelope)).toBe('+573001234567');
  });

  it('prefers PHONESET_KEYS over the key file', () => {
    const inline = `index=${randomBytes(32).toString('base64')},prod1*=${randomBytes(32).toString('base64')}`;
    const loaded = loadKeys({ inline, file: join(tmp(), 'keys.json'), createIfMissing: true });
    expect([loaded.origin, loaded.material.active]).toEqual(['env', 'prod1']);
  });

  it('refuses to invent keys for a shared database', () => {
    expect(() => loadKeys({ file: join(tmp(), 'keys.json'), createIfMissing: false })).toThrow(
      expect.objectContaining({ code: 'KEYS_MISSING' }),
    );
  });

  it('warns when the key file is readable by others', () => {
    const file = join(tmp(), 'keys.json');
    loadKeys({ file, createIfMissing: true }, () => {});
    chmodSync(file, 0o644);
    const notices: string[] = [];
    loadKeys({ file, createIfMissing: true }, (t) => notices.push(t));
    expect(notices.join('')).toMatch(/readable by others.*chmod 600/);
  });

  it('names the file when its content is broken', () => {
    const file = join(tmp(), 'keys.json');
    writeFileSync(file, '{"version":1}', { mode: 0o600 });
    expect(() => loadKeys({ file, createIfMissing: true })).toThrow(file);
    expect(readFileSync(file, 'utf8')).toBe('{"version":1}');
  });
});
