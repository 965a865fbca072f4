import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureBuiltCli } from './support/built-cli.js';

beforeAll(() => ensureBuiltCli(), 300_000);

/** Runs the built CLI with its stdout read until the first chunk, then closed (like `| head -1`). */
function runIntoClosedPipe(args: string[]): Promise<{ code: number | null; stderr: string; first: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let first = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.stdout.once('data', (d: Buffer) => {
      first = d.toString();
      child.stdout.destroy();
    });
    child.on('close', (code) => resolve({ code, stderr, first }));
  });
}

describe('output into a pipe the reader closes early', () => {
  it('ends quietly with exit 0, no stack trace, for help and for a long stream', async () => {
    for (const args of [
      ['normalize', '--help'],
      ['generate', '--rows', '300000'],
    ]) {
      const sut = await runIntoClosedPipe(args);
      expect(sut.first.length).toBeGreaterThan(0);
      expect(sut.stderr).not.toMatch(/EPIPE|Error|at /);
      expect(sut.code).toBe(0);
    }
  });
});
