import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../../observability/metrics.js';

export interface MetricsRoutesOptions {
  metrics: Metrics;
}

/**
 * `GET /metrics` in Prometheus text format. It needs a credential like every
 * data route (Prometheus sends one with `authorization.credentials`), but no
 * particular role: metrics hold counts, never personal data.
 *
 * @example
 * await app.register(metricsRoutes, { metrics });
 */
export async function metricsRoutes(app: FastifyInstance, { metrics }: MetricsRoutesOptions): Promise<void> {
  app.get(
    '/metrics',
    {
      schema: {
        tags: ['operations'],
        summary: 'Prometheus metrics',
        response: { 200: { type: 'string', description: 'Prometheus text exposition format' } },
      },
    },
    async (_request, reply) => {
      const text = await metrics.registry.metrics();
      return reply.type(metrics.registry.contentType).send(text);
    },
  );
}
