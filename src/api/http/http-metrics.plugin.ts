import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Metrics } from '../../observability/metrics.js';

/**
 * Counts every response and its latency by method, route pattern
 * (`/v1/phones/:customer_id`, never the raw URL, so label cardinality stays
 * bounded) and status. Unmatched URLs share the route label `unmatched`.
 *
 * @example
 * await app.register(httpMetricsPlugin, { metrics });
 */
export const httpMetricsPlugin = fp<{ metrics: Metrics }>(
  async (app: FastifyInstance, { metrics }) => {
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      const labels = { method: request.method, route, status: String(reply.statusCode) };
      metrics.httpRequests.inc(labels);
      metrics.httpRequestDuration.observe(labels, reply.elapsedTime / 1000);
    });
  },
  { name: 'phoneset-http-metrics', fastify: '5.x' },
);
