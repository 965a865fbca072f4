import type { FastifyInstance } from 'fastify';
import { PhonesetError } from '../../core/errors.js';
import type { ReadinessCheck } from '../api-deps.js';
import { sendError } from '../http/error-handler.js';

export interface HealthRoutesOptions {
  readiness?: ReadinessCheck | undefined;
}

const publicRoute = { public: true } as const;

/**
 * `GET /health` (the process answers) and `GET /ready` (the store is reachable
 * and migrated), both without credentials, for load balancers and orchestrators.
 *
 * @example
 * await app.register(healthRoutes, { readiness });
 */
export async function healthRoutes(app: FastifyInstance, options: HealthRoutesOptions): Promise<void> {
  app.get(
    '/health',
    {
      config: publicRoute,
      schema: {
        tags: ['operations'],
        summary: 'Liveness: the process is up',
        security: [],
        response: {
          200: {
            type: 'object',
            required: ['status'],
            properties: { status: { type: 'string', const: 'ok' } },
          },
        },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      config: publicRoute,
      schema: {
        tags: ['operations'],
        summary: 'Readiness: the store is reachable and every migration applied',
        security: [],
        response: {
          200: {
            type: 'object',
            required: ['status'],
            properties: {
              status: { type: 'string', const: 'ready' },
              details: { type: 'object', additionalProperties: true },
            },
          },
          503: { $ref: 'ApiError#' },
        },
      },
    },
    async (request, reply) => {
      if (!options.readiness) {
        return sendError(reply, new PhonesetError('API_NOT_READY', { detail: 'no store configured' }));
      }
      let verdict: Awaited<ReturnType<ReadinessCheck['check']>>;
      try {
        verdict = await options.readiness.check();
      } catch (error) {
        request.log.warn({ err: error }, 'readiness check failed');
        return sendError(reply, new PhonesetError('API_NOT_READY', { detail: 'store unreachable' }));
      }
      if (!verdict.ok)
        return sendError(reply, new PhonesetError('API_NOT_READY', { detail: verdict.reason }));
      return { status: 'ready' as const, details: verdict.details ?? {} };
    },
  );
}
