import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type ErrorCode, formatErrorMessage, PhonesetError } from '../../core/errors.js';

/**
 * The one code → HTTP status table. Codes not listed answer 500 (they come
 * from infrastructure: a bad config, an unreadable file); every `API_*` code is
 * listed, and a test keeps it so.
 */
export const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  API_BAD_REQUEST: 400,
  API_UNAUTHENTICATED: 401,
  API_FORBIDDEN: 403,
  API_ROUTE_NOT_FOUND: 404,
  API_CUSTOMER_NOT_FOUND: 404,
  API_PHONE_NOT_FOUND: 404,
  API_PAYLOAD_TOO_LARGE: 413,
  API_UNSUPPORTED_MEDIA_TYPE: 415,
  API_RATE_LIMITED: 429,
  API_IDEMPOTENCY_MISMATCH: 422,
  API_IDEMPOTENCY_IN_PROGRESS: 409,
  API_QUERY_TOO_COMPLEX: 400,
  API_INTERNAL: 500,
  API_NOT_READY: 503,
  API_SHUTTING_DOWN: 503,
  CLI_BAD_USAGE: 400,
  INPUT_BAD_FORMAT: 400,
  INPUT_MISSING_COLUMN: 400,
  INPUT_BAD_ROW: 400,
};

/** The JSON body of every error response. */
export interface ApiErrorBody {
  error: { code: ErrorCode; message: string; details: Record<string, unknown> };
}

/** JSON schema of `ApiErrorBody`, shared by every route's error responses (and the OpenAPI document). */
export const API_ERROR_SCHEMA = {
  $id: 'ApiError',
  type: 'object',
  description: 'Every error: a stable code, a message for people, and machine-readable details.',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'details'],
      properties: {
        code: { type: 'string', examples: ['API_BAD_REQUEST'] },
        message: { type: 'string' },
        details: { type: 'object', additionalProperties: true },
      },
    },
  },
} as const;

interface FieldProblem {
  field: string;
  reason: string;
}

/** Names the offending field of an Ajv validation error, e.g. `body.items/3/phone_number`. */
function describeValidation(error: FastifyError): FieldProblem[] {
  const where = error.validationContext ?? 'body';
  return (error.validation ?? []).map((problem) => {
    const params = problem.params as Record<string, unknown>;
    let path = problem.instancePath.replace(/^\//, '');
    if (typeof params.missingProperty === 'string') {
      path = path ? `${path}/${params.missingProperty}` : params.missingProperty;
      return { field: `${where}.${path}`, reason: 'required field missing' };
    }
    if (typeof params.additionalProperty === 'string') {
      path = path ? `${path}/${params.additionalProperty}` : params.additionalProperty;
      return { field: `${where}.${path}`, reason: 'unknown field' };
    }
    return { field: path ? `${where}.${path}` : where, reason: problem.message ?? problem.keyword };
  });
}

/** Maps Fastify's own errors (parsing, limits, validation) onto catalogue codes. */
function toPhonesetError(error: FastifyError, request: FastifyRequest, bodyLimit: number): PhonesetError {
  if (error instanceof PhonesetError) return error;
  if (error.validation) {
    const fields = describeValidation(error);
    const detail = fields.map((f) => `${f.field}: ${f.reason}`).join('; ');
    return new PhonesetError('API_BAD_REQUEST', { detail, fields });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new PhonesetError('API_PAYLOAD_TOO_LARGE', { limit: bodyLimit });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new PhonesetError('API_UNSUPPORTED_MEDIA_TYPE', {
        content_type: request.headers['content-type'] ?? 'none',
      });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new PhonesetError('API_BAD_REQUEST', { detail: 'body is empty; send a JSON object' });
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new PhonesetError('API_BAD_REQUEST', { detail: 'body is not valid JSON' });
  }
  if (error.statusCode === 400 && error.name === 'SyntaxError') {
    return new PhonesetError('API_BAD_REQUEST', { detail: 'body is not valid JSON' });
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return new PhonesetError('API_BAD_REQUEST', { detail: error.message });
  }
  return new PhonesetError('API_INTERNAL', { request_id: request.id }, { cause: error });
}

/**
 * Serialises a catalogue error as `{error: {code, message, details}}`. The
 * message of a 5xx is generic: causes and stacks go to the log, never to the client.
 *
 * @example
 * sendError(reply, new PhonesetError('API_PHONE_NOT_FOUND', { phone_id: '42' }));
 */
export function sendError(reply: FastifyReply, error: PhonesetError): FastifyReply {
  const status = HTTP_STATUS[error.code] ?? 500;
  const safe =
    status >= 500 && error.code !== 'API_NOT_READY' && error.code !== 'API_SHUTTING_DOWN'
      ? new PhonesetError('API_INTERNAL', { request_id: reply.request.id })
      : error;
  const { detail: _detail, ...details } = safe.params;
  const body: ApiErrorBody = {
    error: { code: safe.code, message: formatErrorMessage(safe.code, safe.params), details },
  };
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

/**
 * Installs the error and not-found handlers on the root instance.
 *
 * @example
 * installErrorHandler(app, config.bodyLimitBytes);
 */
export function installErrorHandler(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const mapped = toPhonesetError(error, request, bodyLimit);
    const status = HTTP_STATUS[mapped.code] ?? 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    return sendError(reply, mapped);
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(
      reply,
      new PhonesetError('API_ROUTE_NOT_FOUND', { method: request.method, url: request.url.split('?')[0] }),
    ),
  );
}
