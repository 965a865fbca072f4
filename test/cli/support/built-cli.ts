import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
export const CLI = `${root}dist/cli/main.js`;

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const stale = (): boolean => !existsSync(CLI) || statSync(CLI).mtimeMs < newestSource(`${root}src`);

/**
 * Makes sure dist/ holds a build of the current sources (`npm test` builds first; a direct
 * `vitest run test/cli` builds here). Test files run in parallel, so one builds under a lock
 * folder while the others wait for it.
 *
 * @example
 * beforeAll(() => ensureBuiltCli(), 300_000);
 */
export async function ensureBuiltCli(): Promise<void> {
  if (!stale()) return;
  const lock = `${root}dist/.test-build-lock`;
  mkdirSync(`${root}dist`, { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    // tsc emits even when files elsewhere in the tree do not typecheck; main.js is what counts.
    // Asynchronous: a synchronous build would block the test worker's event loop for a minute.
    if (stale()) {
      await new Promise<void>((resolve, reject) => {
        const build = spawn('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'ignore' });
        build.on('error', reject);
        build.on('close', () => resolve());
      });
    }
  } finally {
    rmdirSync(lock);
  }
  if (!existsSync(CLI)) throw new Error(`the build did not produce ${CLI}`);
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built `phoneset` CLI as a child process, optionally feeding stdin.
 *
 * @example
 * const { code, stdout } = await runPhoneset(['normalize', '3001234567', '--json']);
 */
export function runPhoneset(args: string[], options: { stdin?: string; cwd?: string } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd ?? root });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}
