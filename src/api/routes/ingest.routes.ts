import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SOURCE_SYSTEMS } from '../../core/registry/phone-record.js';
import type { IngestOutcome, IngestRecord, IngestService } from '../phones/ingest.service.js';
import type { Caller, PhonesService } from '../phones/phones.service.js';

export interface IngestRoutesOptions {
  ingest: IngestService;
  phones: PhonesService;
  maskPhone: (e164: string) => string;
}

/** Most records in one `POST /v1/phones`. */
export const INGEST_BATCH_MAX = 1000;

/** JSON schema of one posted record (strict: unknown fields are refused). */
export const INGEST_RECORD_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['customer_id', 'phone_number', 'source_system'],
  properties: {
    customer_id: { type: 'string', minLength: 1, maxLength: 128 },
    phone_number: { type: 'string', minLength: 1, maxLength: 64, examples: ['300 123 4567'] },
    source_system: { type: 'string', enum: [...SOURCE_SYSTEMS] },
    country_code: {
      type: 'string',
      pattern: '^[A-Za-z]{2}$',
      description: 'Country for numbers written without a country code (default CO)',
    },
    phone_type: {
      type: 'string',
      maxLength: 40,
      description: 'Declared type (mobile, fixed, fax, móvil, fijo…)',
    },
    source_record_id: { type: 'string', maxLength: 200 },
    is_primary: { type: 'boolean' },
    is_verified: { type: 'boolean' },
    updated_at: { type: 'string', format: 'date-time' },
  },
} as const;

const REASON_SCHEMA = {
  type: 'object',
  required: ['code', 'field', 'message'],
  properties: { code: { type: 'string' }, field: { type: 'string' }, message: { type: 'string' } },
} as const;

type Body = IngestRecord | { records: IngestRecord[] };

/**
 * `POST /v1/phones`: one record, or `{records: [...]}` up to 1,000, ingested through the
 * import pipeline (the path of a row of an imported file), with per-record results and
 * reasons for rejects. Idempotent with an `Idempotency-Key` header.
 *
 * @example
 * await app.register(ingestRoutes, { ingest, phones, maskPhone });
 */
export async function ingestRoutes(app: FastifyInstance, options: IngestRoutesOptions): Promise<void> {
  const { ingest, phones, maskPhone } = options;

  const callerOf = (request: FastifyRequest): Caller => ({
    client_id: request.principal?.client_id ?? 'anonymous',
    request_id: request.id,
  });

  async function present(request: FastifyRequest, outcome: IngestOutcome) {
    const reveal = request.principal?.permissions.has('phones:read_pii') ?? false;
    const shown = outcome.results.flatMap((r) => (r.status === 'rejected' ? [] : [r.record]));
    if (reveal) await phones.auditReveal(shown, callerOf(request), 'POST /v1/phones');
    return {
      batch_id: outcome.batch_id,
      request_id: outcome.request_id,
      counts: outcome.counts,
      results: outcome.results.map((r) =>
        r.status === 'rejected'
          ? r
          : {
              index: r.index,
              status: r.status,
              phone_id: r.phone_id,
              customer_id: r.customer_id,
              phone: {
                ...r.record,
                phone_number: reveal ? r.record.phone_number : maskPhone(r.record.phone_number),
                masked: !reveal,
              },
            },
      ),
    };
  }

  app.post<{ Body: Body; Headers: { 'idempotency-key'?: string } }>(
    '/v1/phones',
    {
      config: { permission: 'phones:write', rateKind: 'write' },
      schema: {
        tags: ['phones'],
        summary:
          'Ingest one record or a batch (up to 1,000) through the import pipeline; idempotent with Idempotency-Key',
        headers: {
          type: 'object',
          properties: { 'idempotency-key': { type: 'string', minLength: 1, maxLength: 255 } },
        },
        body: {
          oneOf: [
            INGEST_RECORD_SCHEMA,
            {
              type: 'object',
              additionalProperties: false,
              required: ['records'],
              properties: {
                records: {
                  type: 'array',
                  minItems: 1,
                  maxItems: INGEST_BATCH_MAX,
                  items: INGEST_RECORD_SCHEMA,
                },
              },
            },
          ],
        },
        response: {
          200: {
            type: 'object',
            required: ['batch_id', 'request_id', 'counts', 'results'],
            properties: {
              batch_id: { type: 'string' },
              request_id: { type: 'string' },
              counts: { type: 'object', additionalProperties: true },
              results: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['index', 'status'],
                  properties: {
                    index: { type: 'integer' },
                    status: {
                      type: 'string',
                      enum: ['inserted', 'updated', 'unchanged', 'duplicate', 'rejected'],
                    },
                    phone_id: { type: 'string' },
                    customer_id: { type: ['string', 'null'] },
                    phone: { $ref: 'Phone#' },
                    reasons: { type: 'array', items: REASON_SCHEMA },
                  },
                },
              },
            },
          },
          400: { $ref: 'ApiError#' },
          401: { $ref: 'ApiError#' },
          403: { $ref: 'ApiError#' },
          422: { $ref: 'ApiError#' },
          429: { $ref: 'ApiError#' },
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const records = 'records' in body ? body.records : [body];
      const caller = callerOf(request);
      const out = await ingest.idempotent(
        caller.client_id,
        request.headers['idempotency-key'],
        body,
        async () => ({
          status: 200,
          response: await present(request, await ingest.ingest(records, caller)),
        }),
      );
      if (out.replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(out.status).send(out.response);
    },
  );
}
