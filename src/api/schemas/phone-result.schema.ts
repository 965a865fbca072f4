import { PHONE_ISSUES, PHONE_TYPES } from '../../core/phone/phone-result.js';

const nullableString = { type: ['string', 'null'] } as const;

const phoneResultProperties = {
  original: { type: 'string', description: 'The raw value exactly as given.' },
  normalized: { ...nullableString, description: 'E.164, or null when no number could be read.' },
  country_code: { ...nullableString, description: 'ISO 3166-1 alpha-2 of the numbering plan.' },
  type: { type: 'string', enum: [...PHONE_TYPES] },
  is_valid: { type: 'boolean' },
  carrier: nullableString,
  region: nullableString,
  timezone: nullableString,
  extension: nullableString,
  confidence_score: { type: 'number', minimum: 0, maximum: 1 },
  issues: { type: 'array', items: { type: 'string', enum: [...PHONE_ISSUES] } },
  metadata_version: { type: 'string' },
} as const;

/**
 * JSON schema of the engine's `PhoneResult` (src/core/phone/phone-result.ts),
 * registered once as `PhoneResult` and referenced by routes.
 *
 * @example
 * app.addSchema(PHONE_RESULT_SCHEMA);
 * // response: { 200: { $ref: 'PhoneResult#' } }
 */
export const PHONE_RESULT_SCHEMA = {
  $id: 'PhoneResult',
  type: 'object',
  description: 'The full verdict of the phone engine for one raw value.',
  required: Object.keys(phoneResultProperties),
  properties: {
    ...phoneResultProperties,
    others: {
      type: 'array',
      description: 'Other numbers found in the same field, each fully normalized.',
      items: {
        type: 'object',
        required: Object.keys(phoneResultProperties),
        properties: phoneResultProperties,
      },
    },
  },
} as const;
