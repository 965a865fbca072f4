/**
 * What the lake needs of the key ring: seal and open a small secret (each lake file's own
 * data key) under the ring's AES-256-GCM keys. `KeyRing` from src/security fits as it is;
 * the lake declares only this so it never depends on how keys are loaded or rotated.
 *
 * @example
 * const lake = new FileLake({ root, keyRing: new KeyRing(material) });
 */
export interface LakeKeyRing {
  /** Id of the key new envelopes are sealed under. */
  readonly activeKeyId: string;
  /** Seals `plaintext` under the active key; `context` is authenticated (binds the purpose). */
  encrypt(plaintext: string, context?: string): string;
  /** Opens an envelope under the key it names; throws on tampering or an unknown key. */
  decrypt(envelope: string, context?: string): string;
}
