import { createWriteStream, statSync } from 'node:fs';

/**
 * Turns an output path that is not a regular file (`/dev/null`, `/dev/stdout`, a named pipe)
 * into a write stream, so that writers never replace it: file outputs are written as
 * `<path>.partial` and renamed into place, which for a device would swap the device node for a
 * plain file. Regular files, new paths, `-` and streams are returned as they are.
 *
 * @example
 * createRecordWriter('ndjson', openOutput('/dev/null')); // writes into the device, never renames it
 */
export function openOutput(output: string | NodeJS.WritableStream): string | NodeJS.WritableStream {
  if (typeof output !== 'string' || output === '-') return output;
  let special = false;
  try {
    special = !statSync(output).isFile();
  } catch {
    special = false; // does not exist yet: a new file, written through `.partial`
  }
  return special ? createWriteStream(output, { flags: 'a' }) : output;
}
