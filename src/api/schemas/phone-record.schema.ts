import { SOURCE_SYSTEMS } from '../../core/registry/phone-record.js';

/**
 * JSON schema of a registry record as the API returns it (`PhoneView`),
 * registered once as `Phone`.
 *
 * @example
 * app.addSchema(PHONE_SCHEMA); // response: { 200: { $ref: 'Phone#' } }
 */
export const PHONE_SCHEMA = {
  $id: 'Phone',
  type: 'object',
  description: 'One registry record. `phone_number` is masked unless the caller holds pii_reader.',
  required: ['phone_id', 'customer_id', 'phone_number', 'masked', 'phone_type', 'is_primary', 'is_verified'],
  properties: {
    phone_id: { type: 'string' },
    customer_id: { type: 'string' },
    phone_number: {
      type: 'string',
      description: 'E.164, or masked like +57300****67',
      examples: ['+57300****67'],
    },
    masked: { type: 'boolean' },
    phone_type: { type: 'string' },
    country_code: { type: ['string', 'null'] },
    carrier: { type: ['string', 'null'] },
    region: { type: ['string', 'null'] },
    timezone: { type: ['string', 'null'] },
    is_valid: { type: 'boolean' },
    is_primary: { type: 'boolean' },
    is_verified: { type: 'boolean' },
    verification_method: { type: ['string', 'null'] },
    confidence_score: { type: 'number' },
    source_system: { type: 'string', enum: [...SOURCE_SYSTEMS] },
    sources: { type: 'array', items: { type: 'string' } },
    issues: { type: 'array', items: { type: 'string' } },
    created_at: { type: 'string', format: 'date-time' },
    updated_at: { type: 'string', format: 'date-time' },
  },
} as const;
