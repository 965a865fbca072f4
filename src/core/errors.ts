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
  INPUT_SHEET_NOT_FOUND: 'Sheet "{sheet}" not found in {path}; sheets are: {sheets}',
  INPUT_NO_PHONE_COLUMN:
    'No phone column found in {path}; columns are: {columns}. Name it with --map phone=COLUMN',
  INPUT_BAD_COLUMN_MAP: 'Bad column map "{map}": {detail}',
  IMPORT_GATE_REQUIRED:
    'Batch {batch_id} was started with --gate and its checks did not finish; run the import again with --gate',
  ENRICH_DATA_UNREADABLE: 'Cannot read phone enrichment data {file}: {detail}',
  LAKE_NOT_FOUND: 'Lake file not found: {path}',
  LAKE_CORRUPT: 'Lake file {path} failed verification: {detail}',
  LAKE_WRITE_FAILED: 'Cannot write {file} to the lake: {detail}',
  QUALITY_SUITE_INVALID: 'Invalid expectation suite {file}: {detail}',
  QUALITY_UNORDERED_INPUT: 'Records must arrive ordered by customer_id: {detail}',
  QUALITY_BATCH_NOT_ACCEPTABLE: 'Batch {batch_id} cannot be accepted: {detail}',
  QUALITY_BATCH_QUARANTINED:
    'Batch {batch_id} failed its quality checks ({failed}) and is quarantined, not merged: {next}',
  RELEASE_STAGE_ORDER: 'Cannot promote release {release} to {stage}: {detail}',
  RELEASE_NO_PREVIOUS: 'Stage {stage} has no earlier release to roll back to',
  API_BAD_REQUEST: 'Bad request: {detail}',
  API_UNAUTHENTICATED: 'Authentication required: {detail}',
  API_FORBIDDEN: 'Forbidden: {detail}',
  API_ROUTE_NOT_FOUND: 'No route {method} {url}',
  API_CUSTOMER_NOT_FOUND: 'Customer {customer_id} has no phones',
  API_PHONE_NOT_FOUND: 'Phone {phone_id} not found',
  API_PAYLOAD_TOO_LARGE: 'Request body larger than {limit} bytes',
  API_UNSUPPORTED_MEDIA_TYPE: 'Unsupported content type {content_type}; send application/json',
  API_RATE_LIMITED: 'Rate limit of {limit} {kind} requests per {window} exceeded; retry in {retry_after} s',
  API_NOT_READY: 'Service not ready: {detail}',
  API_SHUTTING_DOWN: 'Server is shutting down',
  API_INTERNAL: 'Internal error (request {request_id})',
  API_IDEMPOTENCY_MISMATCH:
    'Idempotency-Key "{key}" was already used with a different body; send a new key for a new request',
  API_IDEMPOTENCY_IN_PROGRESS:
    'A request with Idempotency-Key "{key}" is still running; retry once it has finished',
  API_QUERY_TOO_COMPLEX: 'GraphQL query too complex: {detail}',
  KEYS_MISSING:
    'No encryption keys: set PHONESET_KEYS or provide the key file {file} (see `phoneset keys --help`)',
  KEYS_INVALID: 'Invalid encryption keys in {where}: {detail}',
  KEYS_UNKNOWN_ID:
    'Encryption key "{keyId}" is not in the key ring (add it to PHONESET_KEYS or the key file)',
  KEYS_READ_ONLY: 'Cannot change keys given by {origin}: {detail}',
  CRYPTO_DECRYPT_FAILED: 'Cannot decrypt a stored value: {detail}',
  STORE_CONNECT_FAILED: 'Cannot open the database {target}: {detail}',
  STORE_MIGRATION_CHANGED:
    'Migration {version} was changed after it was applied (checksum {applied} in the database, {current} on disk)',
  STORE_MIGRATION_FAILED: 'Migration {version} failed: {detail}',
  STORE_CONFLICT: 'Conflicting write to {table}: {detail}',
  STORE_NOT_FOUND: '{what} {id} not found',
  STORE_BAD_VALUE: 'Cannot store {field}: {detail}',
  DEDUPE_ALREADY_UNDONE: 'Merge set {merge_id} was already undone',
  DEDUPE_UNDO_CONFLICT: 'Cannot undo merge set {merge_id}: {detail}',
  DEDUPE_BAD_PAIR: 'Cannot explain pair {pair}: {detail}',
  DEDUPE_NO_MODEL: 'No trained match model yet: {detail}',
  REVIEW_ALREADY_DECIDED: 'Review pair {review_id} was already {status}',
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
