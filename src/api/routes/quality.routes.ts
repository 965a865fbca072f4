import type { FastifyInstance } from 'fastify';
import type { QualityService } from '../quality/quality.service.js';

export interface QualityRoutesOptions {
  quality: QualityService;
}

const score = { type: ['number', 'null'] } as const;

/** JSON schema of one quality measurement (`QualityView`). */
const QUALITY_SCHEMA = {
  type: 'object',
  required: ['level', 'executed_at', 'total_records', 'scores', 'source'],
  properties: {
    metric_id: { type: ['string', 'null'] },
    level: { type: 'string', enum: ['batch', 'registry'] },
    batch_id: { type: ['string', 'null'] },
    dataset_version: { type: ['string', 'null'] },
    executed_at: { type: 'string' },
    total_records: { type: 'integer' },
    valid_records: { type: 'integer' },
    invalid_records: { type: 'integer' },
    duplicate_records: { type: 'integer' },
    scores: {
      type: 'object',
      properties: {
        completeness: score,
        accuracy: score,
        uniqueness: score,
        validity: score,
        timeliness: score,
      },
    },
    timeliness_hours: score,
    grade: { type: ['string', 'null'] },
    source: { type: 'string', enum: ['stored', 'measured'] },
  },
} as const;

const errors = {
  400: { $ref: 'ApiError#' },
  401: { $ref: 'ApiError#' },
  403: { $ref: 'ApiError#' },
  429: { $ref: 'ApiError#' },
};

/**
 * `GET /v1/quality` (the latest registry measurement, or one made now with `?fresh=true`)
 * and `GET /v1/quality/history` (stored measurements from `data_quality_metrics`, newest first).
 *
 * @example
 * await app.register(qualityRoutes, { quality });
 */
export async function qualityRoutes(app: FastifyInstance, options: QualityRoutesOptions): Promise<void> {
  const { quality } = options;
  app.get<{ Querystring: { fresh: boolean } }>(
    '/v1/quality',
    {
      config: { permission: 'phones:read', rateKind: 'read' },
      schema: {
        tags: ['quality'],
        summary: 'Registry quality: the five dimensions and the grade (latest stored, or measured now)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            fresh: {
              type: 'boolean',
              default: false,
              description: 'Measure the registry now (reused for 60 s)',
            },
          },
        },
        response: { 200: QUALITY_SCHEMA, ...errors },
      },
    },
    async (request) => quality.current({ fresh: request.query.fresh }),
  );

  app.get<{ Querystring: { level?: 'batch' | 'registry'; batch_id?: string; limit: number } }>(
    '/v1/quality/history',
    {
      config: { permission: 'phones:read', rateKind: 'read' },
      schema: {
        tags: ['quality'],
        summary: 'Stored quality measurements (registry runs and batches), newest first',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            level: { type: 'string', enum: ['batch', 'registry'] },
            batch_id: { type: 'string', maxLength: 128 },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['history'],
            properties: { history: { type: 'array', items: QUALITY_SCHEMA } },
          },
          ...errors,
        },
      },
    },
    async (request) => ({ history: await quality.history(request.query) }),
  );
}
