#!/usr/bin/env node
import { runCli } from './program.js';

// Output piped into a reader that stops early (`phoneset … | head`) closes the pipe: that
// ends the command quietly, as it does for other command-line tools, instead of a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await runCli(process.argv.slice(2));
