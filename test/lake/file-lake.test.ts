import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileLake } from '../../src/lake/file-lake.js';
import { readRecords } from '../../src/pipeline/formats/read-records.js';
import { generateKeyMaterial } from '../../src/security/key-material.js';
import { KeyRing } from '../../src/security/key-ring.js';

const CSV = Buffer.from(
  'cedula;telefono;nombre\r\n79845123;3001234567;Ángela Núñez\r\n1020304050;3159876543;Jorge Peña\r\n',
  'latin1',
);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let home: string;
let keyRing: KeyRing;
let sut: FileLake;

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function flipByte(b: Buffer, at: number): Buffer {
  b.writeUInt8(b.readUInt8(at) ^ 0x01, at);
  return b;
}

async function filesUnder(dir: string): Promise<string[]> {
  return ((await readdir(dir, { recursive: true })) as string[]).sort();
}

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'phoneset-lake-'));
  keyRing = new KeyRing(generateKeyMaterial('k1'));
  sut = new FileLake({ root: join(home, 'lake'), keyRing });
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('FileLake', () => {
  it('stores a batch under source/yyyy/mm/dd/sha256 and gives back the identical bytes', async () => {
    const receivedAt = new Date('2026-11-28T04:59:00Z');
    const stored = await sut.put(Readable.from([CSV]), {
      source: 'crm_salesforce',
      fileName: 'clientes.csv',
      receivedAt,
    });
    expect(stored).toMatchObject({
      key: `crm_salesforce/2026/11/28/${sha(CSV)}.gz.enc`,
      sha256: sha(CSV),
      size: CSV.length,
      alreadyStored: false,
    });
    expect(stored.compressedSize).toBe((await stat(stored.path)).size);
    expect((await readAll(sut.open(stored.key))).equals(CSV)).toBe(true);
    // The readers take the lake stream directly: the pipeline parses what was stored.
    const rows = [];
    for await (const r of readRecords(sut.open(stored.key), { format: 'csv' })) rows.push(r.fields);
    expect(rows[0]).toEqual({ cedula: '79845123', telefono: '3001234567', nombre: 'Ángela Núñez' });
  });

  it('round-trips a large random file from a path, across many chunks', async () => {
    const big = randomBytes(3 * 1024 * 1024 + 17);
    const file = join(home, 'big.bin');
    await writeFile(file, big);
    const stored = await sut.put(file, { source: 'manual_upload', fileName: 'big.bin' });
    expect(stored.sha256).toBe(sha(big));
    expect((await readAll(sut.open(stored.path))).equals(big)).toBe(true);
  });

  it('round-trips an empty batch', async () => {
    const stored = await sut.put(Readable.from([]), { source: 'web_forms', fileName: 'empty.csv' });
    expect(stored.size).toBe(0);
    expect((await readAll(sut.open(stored.key))).length).toBe(0);
  });

  it('finds identical bytes by sha256 and stores them only once', async () => {
    const first = await sut.put(Readable.from([CSV]), { source: 'call_center', fileName: 'a.csv' });
    expect(await sut.exists(sha(CSV))).toMatchObject({ key: first.key, size: CSV.length, fileName: 'a.csv' });
    expect(await sut.exists(sha(Buffer.from('other')))).toBeUndefined();
    const again = await sut.put(Readable.from([CSV]), { source: 'web_forms', fileName: 'b.csv' });
    expect(again).toMatchObject({ key: first.key, alreadyStored: true, sha256: first.sha256 });
    const listed = [];
    for await (const e of sut.list()) listed.push(e.key);
    expect(listed).toEqual([first.key]);
    expect(await filesUnder(join(home, 'lake', '.tmp'))).toEqual([]);
  });

  it('keeps no phone digits or names in plaintext on disk', async () => {
    const phones = Array.from(
      { length: 200 },
      (_, i) => `3${String((i * 7_919_993 + 1_234_567) % 1e9).padStart(9, '0')}`,
    );
    const input = Buffer.from(
      `cedula;telefono;nombre\n${phones.map((p, i) => `C${i};${p};Cliente ${i}`).join('\n')}\n`,
    );
    const stored = await sut.put(Readable.from([input]), { source: 'crm_salesforce', fileName: 'c.csv' });
    const onDisk = await readFile(stored.path);
    expect(onDisk.subarray(0, 4).toString()).toBe('PSLK');
    for (const needle of [...phones, 'Cliente', 'telefono']) {
      expect(input.includes(needle)).toBe(true);
      expect(onDisk.includes(needle)).toBe(false);
    }
  });

  it.each([
    [
      'a flipped byte in the middle',
      (b: Buffer) => {
        return flipByte(b, Math.floor(b.length / 2));
      },
    ],
    [
      'a flipped byte in the header key id',
      (b: Buffer) => {
        return flipByte(b, 17);
      },
    ],
    ['the last byte cut off', (b: Buffer) => b.subarray(0, b.length - 1)],
    ['the final chunk cut off', (b: Buffer) => b.subarray(0, b.length - 200)],
    ['bytes appended', (b: Buffer) => Buffer.concat([b, Buffer.from('x')])],
  ])('fails loudly on %s', async (_what, tamper) => {
    const big = randomBytes(200 * 1024);
    const stored = await sut.put(Readable.from([big]), { source: 'mobile_app', fileName: 'm.bin' });
    await writeFile(stored.path, tamper(await readFile(stored.path)));
    await expect(readAll(sut.open(stored.key))).rejects.toMatchObject({
      code: expect.stringMatching(/^LAKE_CORRUPT|KEYS_UNKNOWN_ID$/),
    });
  });

  it('detects a valid lake file placed under another batch name (sha256 verified at the end)', async () => {
    const a = await sut.put(Readable.from([Buffer.from('a;1\n')]), {
      source: 'web_forms',
      fileName: 'a.csv',
    });
    const b = await sut.put(Readable.from([Buffer.from('b;2\n')]), {
      source: 'web_forms',
      fileName: 'b.csv',
    });
    await writeFile(b.path, await readFile(a.path));
    await expect(readAll(sut.open(b.key))).rejects.toThrow(/failed verification: sha256 is/);
  });

  it('cannot be read with another key ring', async () => {
    const stored = await sut.put(Readable.from([CSV]), { source: 'web_forms', fileName: 'a.csv' });
    const other = new FileLake({ root: join(home, 'lake'), keyRing: new KeyRing(generateKeyMaterial('k1')) });
    await expect(readAll(other.open(stored.key))).rejects.toMatchObject({ code: 'LAKE_CORRUPT' });
  });

  it('leaves no file, partial or whole, when the input fails mid-way', async () => {
    async function* failing() {
      yield randomBytes(300 * 1024);
      throw new Error('connection reset');
    }
    await expect(
      sut.put(Readable.from(failing()), { source: 'crm_salesforce', fileName: 'cut.csv' }),
    ).rejects.toMatchObject({
      code: 'LAKE_WRITE_FAILED',
      message: expect.stringContaining('connection reset'),
    });
    const left = (await filesUnder(join(home, 'lake'))).filter((f) => !f.startsWith('.tmp'));
    expect(left).toEqual([]);
    expect(await filesUnder(join(home, 'lake', '.tmp'))).toEqual([]);
  });

  it('names a missing lake file and refuses paths outside the lake', async () => {
    await expect(readAll(sut.open('web_forms/2026/01/01/nope.gz.enc'))).rejects.toMatchObject({
      code: 'LAKE_NOT_FOUND',
    });
    expect(() => sut.open('../../etc/passwd')).toThrow(/outside the lake/);
    await expect(sut.put(Readable.from([CSV]), { source: '../x', fileName: 'a.csv' })).rejects.toMatchObject({
      code: 'LAKE_WRITE_FAILED',
    });
  });

  it('stores release files under releases/<release>/, immutable', async () => {
    const bytes = Buffer.from('customer_id,phone_number\nC1,+573001234567\n');
    const stored = await sut.putRelease(Readable.from([bytes]), {
      release: 'v2026.11.28-1',
      fileName: 'registry.csv',
    });
    expect(stored.key).toBe('releases/v2026.11.28-1/registry.csv.gz.enc');
    expect((await readAll(sut.open(stored.key, { sha256: stored.sha256 }))).equals(bytes)).toBe(true);
    await expect(readAll(sut.open(stored.key, { sha256: sha(Buffer.from('x')) }))).rejects.toMatchObject({
      code: 'LAKE_CORRUPT',
    });
    await expect(
      sut.putRelease(Readable.from([bytes]), { release: 'v2026.11.28-1', fileName: 'registry.csv' }),
    ).rejects.toMatchObject({ code: 'LAKE_WRITE_FAILED' });
  });

  it('lists batches by source with their index details', async () => {
    await sut.put(Readable.from([Buffer.from('1')]), { source: 'call_center', fileName: 'one.csv' });
    await sut.put(Readable.from([Buffer.from('2')]), { source: 'web_forms', fileName: 'two.csv' });
    const listed = [];
    for await (const e of sut.list({ source: 'web_forms' })) listed.push(e);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      source: 'web_forms',
      fileName: 'two.csv',
      size: 1,
      sha256: sha(Buffer.from('2')),
    });
  });

  it('streams the original bytes lazily: a reader that stops early does not decrypt the whole file', async () => {
    const big = randomBytes(8 * 1024 * 1024);
    const stored = await sut.put(Readable.from([big]), { source: 'manual_upload', fileName: 'big.bin' });
    const stream = sut.open(stored.key);
    let got = 0;
    for await (const chunk of stream) {
      got += (chunk as Buffer).length;
      if (got >= 64 * 1024) break;
    }
    expect(got).toBeLessThan(2 * 1024 * 1024);
    expect(stream.destroyed).toBe(true);
  });
});

describe('FileLake after a crash mid-write', () => {
  it('shows nothing under a lake name for a killed writer, and sweeps its temp file', async () => {
    const home2 = await mkdtemp(join(tmpdir(), 'phoneset-lake-crash-'));
    try {
      const root = join(home2, 'lake');
      const script = `
        import { Readable } from 'node:stream';
        import { FileLake } from ${JSON.stringify(new URL('../../src/lake/file-lake.ts', import.meta.url).pathname)};
        import { KeyRing } from ${JSON.stringify(new URL('../../src/security/key-ring.ts', import.meta.url).pathname)};
        import { generateKeyMaterial } from ${JSON.stringify(new URL('../../src/security/key-material.ts', import.meta.url).pathname)};
        const lake = new FileLake({ root: ${JSON.stringify(root)}, keyRing: new KeyRing(generateKeyMaterial('k1')) });
        async function* endless() { for (;;) { yield Buffer.alloc(64 * 1024, 49); await new Promise((r) => setTimeout(r, 5)); } }
        lake.put(Readable.from(endless()), { source: 'crm_salesforce', fileName: 'huge.csv' });
        setTimeout(() => process.stdout.write('writing\\n'), 300);
      `;
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await once(child.stdout, 'data');
      child.kill('SIGKILL');
      await once(child, 'exit');
      const files = (await filesUnder(root)).filter((f) => f.endsWith('.gz.enc') || f.endsWith('.json'));
      expect(files).toEqual([]);
      const temp = await filesUnder(join(root, '.tmp'));
      expect(temp).toHaveLength(1);
      const lake = new FileLake({ root, keyRing });
      expect(await lake.removeStaleTemp(60 * 60 * 1000)).toBe(0);
      expect(await lake.removeStaleTemp(0)).toBe(1);
      expect(await filesUnder(join(root, '.tmp'))).toEqual([]);
    } finally {
      await rm(home2, { recursive: true, force: true });
    }
  });
});
