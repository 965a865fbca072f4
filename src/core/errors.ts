/**
 * The error catalogue: every error phoneset raises or reports has a code
 * `<AREA>_<WHAT>` and a message template. It knows nothing of HTTP; the API maps
 * codes to statuses in one table. `docs/errors.md` lists the same codes (a test
 * keeps the two in step).
 *
 * @example
 * throw new PhonesetError('CLI_BAD_USAGE', { detail: 'unknown format "xml"' });
 */
export const ERROR_CATALOGUE = {
  CLI_BAD_USAGE: 'Bad usage: {detail}',
  CONFIG_INVALID: 'Invalid configuration at {where}: {detail}',
  INPUT_NOT_FOUND: 'Input file not found: {path}',
  INPUT_BAD_FORMAT: 'Cannot read {path} as {format}: {detail}',
  INPUT_MISSING_COLUMN: 'Column "{column}" not found in {path}; columns are: {columns}',
  INPUT_BAD_ROW: 'Row {row} of {path} is malformed: {detail}',
} as const satisfies Record<string, string>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** Fills `{name}` placeholders of a catalogue template. */
export function formatErrorMessage(code: ErrorCode, params: Record<string, unknown> = {}): string {
  return ERROR_CATALOGUE[code].replace(/\{(\w+)\}/g, (_, name: string) =>
    name in params ? String(params[name]) : `{${name}}`,
  );
}

/** An error with a catalogue code. Thrown only for bad usage, bad files and broken infrastructure. */
export class PhonesetError extends Error {
  readonly code: ErrorCode;
  readonly params: Record<string, unknown>;
  constructor(code: ErrorCode, params: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(formatErrorMessage(code, params), options);
    this.name = 'PhonesetError';
    this.code = code;
    this.params = params;
  }
}
