import type { FastifyInstance } from 'fastify';
import type { PhoneResult } from '../../core/phone/phone-result.js';
import type { Metrics } from '../../observability/metrics.js';
import type { PhoneValidator } from '../api-deps.js';

export interface ValidateRoutesOptions {
  validatePhone: PhoneValidator;
  metrics: Metrics;
}

/** Most numbers accepted by one batch call. */
export const VALIDATE_BATCH_MAX = 1000;

const itemCountryCode = {
  type: 'string',
  pattern: '^[A-Za-z]{2}$',
  description: 'ISO 3166-1 alpha-2 assumed for numbers written without a country code.',
} as const;

const countryCode = { ...itemCountryCode, default: 'CO' } as const;

const phoneNumber = { type: 'string', minLength: 1, maxLength: 256, examples: ['300 123 4567'] } as const;

const singleBody = {
  type: 'object',
  additionalProperties: false,
  required: ['phone_number'],
  properties: { phone_number: phoneNumber, country_code: countryCode },
} as const;

interface SingleBody {
  phone_number: string;
  country_code: string;
}

interface BatchBody {
  items: Array<{ phone_number: string; country_code?: string }>;
  country_code: string;
}

const errors = {
  400: { $ref: 'ApiError#' },
  401: { $ref: 'ApiError#' },
  403: { $ref: 'ApiError#' },
  429: { $ref: 'ApiError#' },
};

/**
 * `POST /v1/phones/validate` (one number) and `POST /v1/phones/validate/batch`
 * (up to 1,000): the phone engine's full verdict, nothing stored.
 *
 * @example
 * await app.register(validateRoutes, { validatePhone: normalizePhone, metrics });
 */
export async function validateRoutes(app: FastifyInstance, options: ValidateRoutesOptions): Promise<void> {
  const { validatePhone, metrics } = options;
  // One counter series per (verdict, country), looked up once rather than hashed per call.
  const counters = new Map<string, { inc(): void }>();
  const countOne = (status: 'valid' | 'invalid', country: string): void => {
    const key = `${status} ${country}`;
    let counter = counters.get(key);
    if (!counter) {
      counter = metrics.phoneValidations.labels({ status, country });
      counters.set(key, counter);
    }
    counter.inc();
  };

  function validateOne(raw: string, country: string): PhoneResult {
    const started = performance.now();
    const result = validatePhone(raw, { defaultCountry: country.toUpperCase() });
    metrics.phoneValidationDuration.observe((performance.now() - started) / 1000);
    countOne(result.is_valid ? 'valid' : 'invalid', result.country_code ?? 'unknown');
    return result;
  }

  app.post<{ Body: SingleBody }>(
    '/v1/phones/validate',
    {
      config: { permission: 'phones:validate', rateKind: 'read' },
      schema: {
        tags: ['phones'],
        summary: 'Validate and normalize one phone number',
        body: singleBody,
        response: { 200: { $ref: 'PhoneResult#' }, ...errors },
      },
    },
    async (request) => validateOne(request.body.phone_number, request.body.country_code),
  );

  app.post<{ Body: BatchBody }>(
    '/v1/phones/validate/batch',
    {
      config: { permission: 'phones:validate', rateKind: 'read' },
      schema: {
        tags: ['phones'],
        summary: `Validate and normalize up to ${VALIDATE_BATCH_MAX} phone numbers`,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['items'],
          properties: {
            items: {
              type: 'array',
              minItems: 1,
              maxItems: VALIDATE_BATCH_MAX,
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['phone_number'],
                properties: { phone_number: phoneNumber, country_code: itemCountryCode },
              },
            },
            country_code: { ...countryCode, description: 'Default for items that do not name their own.' },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['results', 'summary'],
            properties: {
              results: { type: 'array', items: { $ref: 'PhoneResult#' } },
              summary: {
                type: 'object',
                required: ['total', 'valid', 'invalid'],
                properties: {
                  total: { type: 'integer' },
                  valid: { type: 'integer' },
                  invalid: { type: 'integer' },
                },
              },
            },
          },
          ...errors,
        },
      },
    },
    async (request) => {
      const fallback = request.body.country_code;
      const results = request.body.items.map((item) =>
        validateOne(item.phone_number, item.country_code ?? fallback),
      );
      const valid = results.filter((r) => r.is_valid).length;
      return { results, summary: { total: results.length, valid, invalid: results.length - valid } };
    },
  );
}
