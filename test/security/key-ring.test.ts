import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateKeyMaterial, parseKeyMaterial } from '../../src/security/key-material.js';
import { KeyRing } from '../../src/security/key-ring.js';

const b64 = () => randomBytes(32).toString('base64');

describe('KeyRing', () => {
  const sut = new KeyRing(generateKeyMaterial('k1'));

  it('round-trips a phone number through an envelope naming its key', () => {
    const envelope = sut.encrypt('+573001234567', 'phone');
    expect(envelope).toMatch(/^v1:k1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/);
    expect(envelope).not.toContain('3001234567');
    expect(sut.decrypt(envelope, 'phone')).toBe('+573001234567');
    expect(sut.keyIdOf(envelope)).toBe('k1');
  });

  it('gives distinct ciphertexts (fresh nonces) for the same value', () => {
    const envelopes = new Set(Array.from({ length: 100 }, () => sut.encrypt('+573001234567')));
    expect(envelopes.size).toBe(100);
  });

  it('detects a tampered ciphertext, nonce or key id', () => {
    const envelope = sut.encrypt('+573001234567', 'phone');
    const [v, kid, nonce, body] = envelope.split(':') as [string, string, string, string];
    const flip = (s: string, at: number) => {
      const bytes = Buffer.from(s, 'base64url');
      bytes[at] = (bytes[at] as number) ^ 1;
      return bytes.toString('base64url');
    };
    for (const bad of [
      [v, kid, nonce, flip(body, 0)].join(':'),
      [v, kid, nonce, flip(body, Buffer.from(body, 'base64url').length - 1)].join(':'),
      [v, kid, flip(nonce, 3), body].join(':'),
    ]) {
      expect(() => sut.decrypt(bad, 'phone')).toThrow(
        expect.objectContaining({ code: 'CRYPTO_DECRYPT_FAILED' }),
      );
    }
    expect(() => sut.decrypt(envelope, 'json')).toThrow(
      expect.objectContaining({ code: 'CRYPTO_DECRYPT_FAILED' }),
    );
    expect(() => sut.decrypt('v1:k1:short:x', 'phone')).toThrow(
      expect.objectContaining({ code: 'CRYPTO_DECRYPT_FAILED' }),
    );
  });

  it('refuses a value under a wrong key with the same id, and one under an unknown key id', () => {
    const other = new KeyRing(generateKeyMaterial('k1'));
    const envelope = other.encrypt('+573001234567');
    expect(() => sut.decrypt(envelope)).toThrow(expect.objectContaining({ code: 'CRYPTO_DECRYPT_FAILED' }));
    const foreign = new KeyRing(generateKeyMaterial('k9')).encrypt('+573001234567');
    expect(() => sut.decrypt(foreign)).toThrow(expect.objectContaining({ code: 'KEYS_UNKNOWN_ID' }));
  });

  it('reads values under every key it holds and writes under the active one', () => {
    const [k1, k2, index] = [b64(), b64(), b64()];
    const old = new KeyRing(parseKeyMaterial(`index=${index},k1*=${k1}`, 'test'));
    const rotated = new KeyRing(parseKeyMaterial(`index=${index},k1=${k1},k2*=${k2}`, 'test'));
    const envelope = old.encrypt('+573001234567');
    expect(rotated.decrypt(envelope)).toBe('+573001234567');
    expect(rotated.keyIdOf(rotated.encrypt('x'))).toBe('k2');
    expect(rotated.blindIndex('+573001234567')).toEqual(old.blindIndex('+573001234567'));
  });

  it('computes a stable blind index that depends on the index key', () => {
    expect(sut.blindIndex('+573001234567')).toEqual(sut.blindIndex('+573001234567'));
    expect(sut.blindIndex('+573001234567')).not.toEqual(sut.blindIndex('+573001234568'));
    expect(new KeyRing(generateKeyMaterial('k1')).blindIndex('+573001234567')).not.toEqual(
      sut.blindIndex('+573001234567'),
    );
  });
});

describe('parseKeyMaterial', () => {
  it('reads the compact form with the starred key active, or the last one', () => {
    const [a, b, i] = [b64(), b64(), b64()];
    expect(parseKeyMaterial(`index=${i},a*=${a},b=${b}`, 'env').active).toBe('a');
    expect(parseKeyMaterial(`index=${i},a=${a},b=${b}`, 'env').active).toBe('b');
  });

  it('reads the JSON form', () => {
    const json = JSON.stringify({
      version: 1,
      active: 'b',
      data_keys: { a: b64(), b: b64() },
      index_key: b64(),
    });
    const m = parseKeyMaterial(json, 'keys.json');
    expect([m.active, [...m.dataKeys.keys()]]).toEqual(['b', ['a', 'b']]);
  });

  it.each([
    ['a short key', `index=${b64()},a=${Buffer.alloc(16).toString('base64')}`, /32 bytes/],
    ['no index key', `a=${b64()}`, /index/],
    ['no data key', `index=${b64()}`, /no data key/],
    ['a bad key id', `index=${b64()},a:b=${b64()}`, /key id/],
    [
      'an unknown active key',
      JSON.stringify({ version: 1, active: 'z', data_keys: { a: b64() }, index_key: b64() }),
      /active key "z"/,
    ],
    ['broken JSON', '{"version":', /not valid JSON/],
  ])('refuses %s, saying why', (_, text, why) => {
    expect(() => parseKeyMaterial(text, 'PHONESET_KEYS')).toThrow(why);
  });
});
