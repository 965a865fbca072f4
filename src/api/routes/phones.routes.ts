import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PhonesetError } from '../../core/errors.js';
import { PHONE_TYPES } from '../../core/phone/phone-result.js';
import { type PhoneRecord, SOURCE_SYSTEMS } from '../../core/registry/phone-record.js';
import type { Caller, PhonePatch, PhoneSearch, PhonesService } from '../phones/phones.service.js';

export interface PhonesRoutesOptions {
  phones: PhonesService;
  /** Masks an E.164 number for callers without `phones:read_pii` (`+57300****67`). */
  maskPhone: (e164: string) => string;
}

/** Most records in one search page. */
export const SEARCH_LIMIT_MAX = 1000;

const errors = {
  400: { $ref: 'ApiError#' },
  401: { $ref: 'ApiError#' },
  403: { $ref: 'ApiError#' },
  404: { $ref: 'ApiError#' },
  429: { $ref: 'ApiError#' },
};

const customerId = { type: 'string', minLength: 1, maxLength: 128 } as const;
const phoneId = { type: 'string', pattern: '^[0-9]{1,19}$' } as const;
const registryTypes = [...PHONE_TYPES, 'fax'];

function callerOf(request: FastifyRequest): Caller {
  return { client_id: request.principal?.client_id ?? 'anonymous', request_id: request.id };
}

/**
 * The registry routes: a customer's phones, search, verify/primary/type
 * changes and soft delete. Numbers are masked unless the caller holds
 * `phones:read_pii`; every unmasked reveal writes a READ audit row.
 *
 * @example
 * await app.register(phonesRoutes, { phones: new PhonesService(store, customers), maskPhone });
 */
export async function phonesRoutes(app: FastifyInstance, options: PhonesRoutesOptions): Promise<void> {
  const { phones, maskPhone } = options;

  /** The record as the caller may see it, and whether its number was revealed. */
  const view = (record: PhoneRecord, reveal: boolean) => ({
    ...record,
    phone_number: reveal ? record.phone_number : maskPhone(record.phone_number),
    masked: !reveal,
  });

  async function present(request: FastifyRequest, records: PhoneRecord[], what: string) {
    const reveal = request.principal?.permissions.has('phones:read_pii') ?? false;
    if (reveal) await phones.auditReveal(records, callerOf(request), what);
    return records.map((r) => view(r, reveal));
  }

  app.get<{ Params: { customer_id: string }; Querystring: { verified_only: boolean } }>(
    '/v1/phones/:customer_id',
    {
      config: { permission: 'phones:read', rateKind: 'read' },
      schema: {
        tags: ['phones'],
        summary: "A customer's phones, primary first, then most recent",
        params: { type: 'object', required: ['customer_id'], properties: { customer_id: customerId } },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { verified_only: { type: 'boolean', default: false } },
        },
        response: {
          200: {
            type: 'object',
            required: ['customer_id', 'phones'],
            properties: {
              customer_id: { type: 'string' },
              phones: { type: 'array', items: { $ref: 'Phone#' } },
            },
          },
          ...errors,
        },
      },
    },
    async (request) => {
      const { customer_id } = request.params;
      const records = await phones.listCustomer(customer_id, { verifiedOnly: request.query.verified_only });
      if (records.length === 0) throw new PhonesetError('API_CUSTOMER_NOT_FOUND', { customer_id });
      return { customer_id, phones: await present(request, records, 'GET /v1/phones/:customer_id') };
    },
  );

  const list = (items: object, max = 1000) => ({ type: 'array', minItems: 1, maxItems: max, items }) as const;

  app.post<{ Body: PhoneSearch }>(
    '/v1/phones/search',
    {
      config: { permission: 'phones:read', rateKind: 'read' },
      schema: {
        tags: ['phones'],
        summary: 'Search the registry; page with limit/offset or, for deep paging, the cursor',
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            customer_ids: list(customerId),
            phone_types: list({ type: 'string', enum: registryTypes }, registryTypes.length),
            countries: list({ type: 'string', pattern: '^[A-Z]{2}$' }, 300),
            sources: list({ type: 'string', enum: [...SOURCE_SYSTEMS] }, SOURCE_SYSTEMS.length),
            verified_only: { type: 'boolean' },
            updated_since: { type: 'string', format: 'date-time' },
            limit: { type: 'integer', minimum: 1, maximum: SEARCH_LIMIT_MAX, default: 100 },
            offset: { type: 'integer', minimum: 0, maximum: 10_000 },
            cursor: { type: 'string', maxLength: 200 },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['phones', 'next_cursor'],
            properties: {
              phones: { type: 'array', items: { $ref: 'Phone#' } },
              next_cursor: { type: ['string', 'null'] },
            },
          },
          ...errors,
        },
      },
    },
    async (request) => {
      if (request.body.cursor && request.body.offset) {
        throw new PhonesetError('API_BAD_REQUEST', {
          detail: 'use either offset or cursor, not both',
          fields: [{ field: 'body.offset', reason: 'not allowed with cursor' }],
        });
      }
      const page = await phones.search(request.body);
      return {
        phones: await present(request, page.records, 'POST /v1/phones/search'),
        next_cursor: page.next_cursor,
      };
    },
  );

  app.patch<{ Params: { phone_id: string }; Body: PhonePatch }>(
    '/v1/phones/:phone_id',
    {
      config: { permission: 'phones:write', rateKind: 'write' },
      schema: {
        tags: ['phones'],
        summary: 'Verify, set as primary, or change the type of a phone (audited)',
        params: { type: 'object', required: ['phone_id'], properties: { phone_id: phoneId } },
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            is_verified: { type: 'boolean' },
            verification_method: { type: 'string', minLength: 1, maxLength: 64 },
            is_primary: {
              type: 'boolean',
              const: true,
              description: 'Makes this the primary; the old primary steps down.',
            },
            phone_type: { type: 'string', enum: registryTypes },
            reason: { type: 'string', maxLength: 500 },
          },
        },
        response: { 200: { $ref: 'Phone#' }, ...errors },
      },
    },
    async (request) => {
      const updated = await phones.patch(request.params.phone_id, request.body, callerOf(request));
      const [shown] = await present(request, [updated], 'PATCH /v1/phones/:phone_id');
      return shown;
    },
  );

  app.delete<{ Params: { phone_id: string }; Querystring: { reason?: string } }>(
    '/v1/phones/:phone_id',
    {
      config: { permission: 'phones:delete', rateKind: 'write' },
      schema: {
        tags: ['phones'],
        summary: 'Soft-delete a phone (hidden from reads, kept for audit; audited with the caller as actor)',
        params: { type: 'object', required: ['phone_id'], properties: { phone_id: phoneId } },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { reason: { type: 'string', maxLength: 500 } },
        },
        response: {
          200: {
            type: 'object',
            required: ['phone_id', 'deleted_at'],
            properties: { phone_id: { type: 'string' }, deleted_at: { type: 'string', format: 'date-time' } },
          },
          ...errors,
        },
      },
    },
    async (request) => {
      const deleted = await phones.softDelete(
        request.params.phone_id,
        request.query.reason,
        callerOf(request),
      );
      return { phone_id: deleted.phone_id, deleted_at: (deleted.deleted_at as Date).toISOString() };
    },
  );
}
