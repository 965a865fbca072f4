import { createReadStream } from 'node:fs';
import { lstat, open, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { findPhoneNumbersInText, normalizePhone } from '../../core/phone/index.js';
import { maskPhone } from '../../core/privacy/mask-phone.js';

/** One phone number found in a file. */
export interface PiiFinding {
  /** Path relative to the working folder, `/`-separated. */
  file: string;
  line: number;
  column: number;
  /** E.164, masked (`+57300****67`): the report itself must not leak the number. */
  masked: string;
  /** E.164; kept for allow-listing decisions, never printed. */
  e164: string;
  allowed: boolean;
}

/** What is allowed: numbers (E.164) and path globs. */
export interface PiiAllowList {
  numbers: ReadonlySet<string>;
  paths: readonly RegExp[];
}

/** Folders never scanned: dependencies, builds, VCS data, the local data home. */
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', '.phoneset', 'coverage']);
const MAX_BYTES = 20 * 1024 * 1024;

/**
 * Reads an allow-list: one entry a line, `#` starts a comment. An entry that reads as a phone
 * number (`+57 300 123 4567`, `3001234567`) allows that number anywhere; any other entry is a
 * path glob relative to the working folder (`test/**`, `docs/*.md`, `**\/*.fixture.ts`).
 *
 * @example
 * parseAllowList('# examples\n+57 300 123 4567\ntest/**\n');
 */
export function parseAllowList(text: string): PiiAllowList {
  const numbers = new Set<string>();
  const paths: RegExp[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const entry = raw.replace(/#.*/, '').trim();
    if (entry === '') continue;
    if (/^\+?[\d\s().-]+$/.test(entry)) {
      const e164 = normalizePhone(entry).normalized;
      if (e164) numbers.add(e164);
      // The finder may read a number the normalizer rejects: allow it as written too.
      if (entry.startsWith('+')) numbers.add(entry.replace(/[^\d+]/g, ''));
      continue;
    }
    paths.push(globToRegExp(entry));
  }
  return { numbers, paths };
}

/**
 * A path glob as a regular expression: `**` any folders, `*` and `?` within one segment.
 * Written here because Node 20's `path.matchesGlob` is experimental (it prints a warning on
 * every run) and the patterns an allow-list needs are this small.
 */
function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*' && glob[i + 1] === '*') {
      i++;
      if (glob[i + 1] === '/') {
        i++;
        out += '(?:.*/)?';
      } else out += '.*';
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // A folder name allows everything under it.
  return new RegExp(`^${out}(?:/.*)?$`);
}

async function* walk(path: string): AsyncIterable<string> {
  const info = await lstat(path);
  if (info.isSymbolicLink()) return;
  if (info.isFile()) {
    yield path;
    return;
  }
  if (!info.isDirectory()) return;
  const entries = await readdir(path, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const e of entries) {
    if (e.isDirectory() && SKIP_DIRS.has(e.name)) continue;
    yield* walk(join(path, e.name));
  }
}

async function isText(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(8192);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return !buffer.subarray(0, bytesRead).includes(0);
  } finally {
    await handle.close();
  }
}

/**
 * Finds phone numbers written in files (logs, exports, source code, fixtures) with the phone
 * engine's find-in-text, line by line, walking folders (skipping node_modules, .git, dist and
 * binary files). Each finding says whether the allow-list covers it.
 *
 * @example
 * for await (const f of scanPii(['logs/'], { numbers: new Set(), paths: [] })) if (!f.allowed) leaks++;
 */
export async function* scanPii(
  paths: readonly string[],
  allow: PiiAllowList,
  options: { cwd?: string; defaultCountry?: string } = {},
): AsyncIterable<PiiFinding> {
  const cwd = options.cwd ?? process.cwd();
  for (const root of paths) {
    for await (const file of walk(root)) {
      const rel = relative(cwd, file).split(sep).join('/');
      const info = await lstat(file);
      if (info.size === 0 || info.size > MAX_BYTES || !(await isText(file))) continue;
      const pathAllowed = allow.paths.some((p) => p.test(rel));
      const lines = createInterface({
        input: createReadStream(file, 'utf8'),
        crlfDelay: Number.POSITIVE_INFINITY,
      });
      let line = 0;
      for await (const text of lines) {
        line++;
        // Cheap pre-check: a phone number needs at least seven digits on the line.
        if (!/(?:\d\D{0,3}){7}/.test(text)) continue;
        for (const found of findPhoneNumbersInText(text, options.defaultCountry ?? 'CO')) {
          yield {
            file: rel,
            line,
            column: found.startsAt + 1,
            masked: maskPhone(found.normalized),
            e164: found.normalized,
            allowed: pathAllowed || allow.numbers.has(found.normalized),
          };
        }
      }
    }
  }
}
