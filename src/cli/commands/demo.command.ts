import type { Command } from 'commander';
import { normalizePhone } from '../../core/phone/index.js';

/** `phoneset demo`: the main job on embedded defaults (what `npm start` runs). */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('Run the main job on embedded defaults: generate a sample export and normalize it')
    .action(() => {
      const samples = ['+57 300 123 4567', '300-123-4567', '(1) 234 5678', 'N/A'];
      for (const s of samples) {
        const r = normalizePhone(s);
        process.stdout.write(`${s.padEnd(20)} ${r.normalized ?? '-'} ${r.type} ${r.is_valid}\n`);
      }
    });
}
