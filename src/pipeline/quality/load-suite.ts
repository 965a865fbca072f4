import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PhonesetError } from '../../core/errors.js';
import { type ExpectationSuite, parseExpectationSuiteOrThrow } from '../../core/quality/index.js';

/** The suite shipped with phoneset (`config/expectations.yaml`). */
export const DEFAULT_SUITE_FILE = fileURLToPath(
  new URL('../../../config/expectations.yaml', import.meta.url),
);

/**
 * Reads and validates an expectation suite: the given file, else `./config/expectations.yaml`
 * when the working folder has one, else the suite shipped with phoneset. A missing file is
 * `INPUT_NOT_FOUND`; a bad one `QUALITY_SUITE_INVALID` naming the file, line and reason.
 *
 * @example
 * const suite = loadSuite(options.suite);
 */
export function loadSuite(file?: string, cwd = process.cwd()): ExpectationSuite {
  const local = `${cwd}/config/expectations.yaml`;
  const path = file ?? (existsSync(local) ? local : DEFAULT_SUITE_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new PhonesetError('INPUT_NOT_FOUND', { path }, { cause });
  }
  return parseExpectationSuiteOrThrow(text, file ?? path);
}
