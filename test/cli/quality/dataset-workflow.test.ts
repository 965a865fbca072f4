import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildProgram } from '../../../src/cli/program.js';

const workflow = parse(
  readFileSync(new URL('../../../.github/workflows/dataset.yml', import.meta.url), 'utf8'),
) as {
  on: Record<string, unknown>;
  jobs: Record<string, { steps: { run?: string; uses?: string }[] }>;
};

/** Every `node dist/cli/main.js …` invocation of the workflow, as its command words. */
function phonesetInvocations(): string[][] {
  const out: string[][] = [];
  for (const job of Object.values(workflow.jobs)) {
    for (const step of job.steps) {
      for (const m of (step.run ?? '').matchAll(/node dist\/cli\/main\.js ((?:[a-z-]+ ?)+)/g)) {
        out.push((m[1] as string).trim().split(' '));
      }
    }
  }
  return out;
}

describe('.github/workflows/dataset.yml', () => {
  it('runs on push and pull request to main and develop, and nightly at 02:00', () => {
    expect(workflow.on.push).toEqual({ branches: ['main', 'develop'] });
    expect(workflow.on.pull_request).toEqual({ branches: ['main', 'develop'] });
    expect(workflow.on.schedule).toEqual([{ cron: '0 2 * * *' }]);
  });

  it('calls only phoneset commands that exist', () => {
    const program = buildProgram();
    const invocations = phonesetInvocations();
    expect(invocations.map((i) => i[0])).toEqual(
      expect.arrayContaining(['generate', 'import', 'gate', 'scan-pii', 'release', 'quality-report']),
    );
    for (const [name, sub] of invocations) {
      const command = program.commands.find((c) => c.name() === name);
      expect(command, `phoneset ${name}`).toBeDefined();
      if (command && command.commands.length > 0 && sub && !sub.startsWith('-'))
        expect(
          command.commands.map((c) => c.name()),
          `phoneset ${name} ${sub}`,
        ).toContain(sub);
    }
  });

  it('installs with npm ci, audits, uploads artifacts and releases only on main', () => {
    const runs = Object.values(workflow.jobs).flatMap((j) => j.steps.map((s) => s.run ?? s.uses ?? ''));
    expect(runs.some((r) => r.includes('npm ci'))).toBe(true);
    expect(runs).toContain('npm audit --audit-level=high');
    expect(runs.filter((r) => r.startsWith('actions/upload-artifact@')).length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(workflow.jobs.release)).toContain("github.ref == 'refs/heads/main'");
  });
});
