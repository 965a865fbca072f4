import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { SOURCE_SYSTEMS, type SourceSystem } from '../../core/registry/phone-record.js';
import {
  type ExportFilters,
  type ExportStore,
  exportRegistry,
} from '../../pipeline/export/export-registry.js';

export interface ExportRoutesOptions {
  store: ExportStore;
}

/** The formats a streamed HTTP export offers, with their media types. */
export const EXPORT_MEDIA_TYPES = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
} as const;

interface ExportQuery {
  format: keyof typeof EXPORT_MEDIA_TYPES;
  customer_id?: string;
  country?: string;
  type?: string;
  source?: SourceSystem;
  verified_only?: boolean;
  updated_since?: string;
}

/**
 * `GET /v1/export`: the registry streamed as CSV, NDJSON or Parquet with the filters of
 * `phoneset export`, through the same `exportRegistry` (flat memory, one EXPORT audit row
 * naming the caller). Numbers are masked unless the caller holds `phones:read_pii`.
 *
 * @example
 * await app.register(exportRoutes, { store });
 */
export async function exportRoutes(app: FastifyInstance, options: ExportRoutesOptions): Promise<void> {
  app.get<{ Querystring: ExportQuery }>(
    '/v1/export',
    {
      config: { permission: 'phones:read', rateKind: 'read' },
      schema: {
        tags: ['phones'],
        summary: 'Stream the registry (CSV, NDJSON or Parquet) with the CLI export filters; masked by role',
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['format'],
          properties: {
            format: { type: 'string', enum: Object.keys(EXPORT_MEDIA_TYPES) },
            customer_id: { type: 'string', minLength: 1, maxLength: 128 },
            country: { type: 'string', pattern: '^[A-Z]{2}$' },
            type: { type: 'string', maxLength: 40 },
            source: { type: 'string', enum: [...SOURCE_SYSTEMS] },
            verified_only: { type: 'boolean' },
            updated_since: { type: 'string', format: 'date-time' },
          },
        },
        response: {
          200: { description: 'The records, one per registry row, in the asked format', type: 'string' },
          400: { $ref: 'ApiError#' },
          401: { $ref: 'ApiError#' },
          403: { $ref: 'ApiError#' },
          429: { $ref: 'ApiError#' },
        },
      },
    },
    async (request, reply) => {
      const { format, updated_since, ...rest } = request.query;
      const filters: ExportFilters = { ...rest };
      if (updated_since !== undefined) filters.updated_since = new Date(updated_since);
      const reveal = request.principal?.permissions.has('phones:read_pii') ?? false;
      const body = new PassThrough();
      exportRegistry(
        {
          filters,
          format,
          output: body,
          mask: !reveal,
          actor: request.principal?.client_id ?? 'anonymous',
        },
        options.store,
      ).catch((error: unknown) => {
        request.log.error({ err: error }, 'export failed mid-stream');
        body.destroy(error as Error);
      });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      return reply
        .type(EXPORT_MEDIA_TYPES[format])
        .header('content-disposition', `attachment; filename="phoneset-export-${stamp}.${format}"`)
        .header('x-masked', String(!reveal))
        .send(body);
    },
  );
}
