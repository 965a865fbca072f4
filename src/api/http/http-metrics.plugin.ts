import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Metrics } from '../../observability/metrics.js';
import { routeOf } from './route-of.js';

interface Series {
  inc(): void;
  observe(value: number): void;
}

/**
 * Counts every response and its latency by method, route pattern
 * (`/v1/phones/:customer_id`, never the raw URL, so label cardinality stays
 * bounded) and status. Unmatched URLs share the route label `unmatched`.
 * The labelled series are looked up once per (method, route, status), not per
 * request (prom-client hashes the label object on every call otherwise).
 *
 * @example
 * await app.register(httpMetricsPlugin, { metrics });
 */
export const httpMetricsPlugin = fp<{ metrics: Metrics }>(
  async (app: FastifyInstance, { metrics }) => {
    const series = new Map<string, Series>();
    const seriesOf = (method: string, route: string, status: number): Series => {
      const key = `${method} ${status} ${route}`;
      let found = series.get(key);
      if (!found) {
        const labels = { method, route, status: String(status) };
        const counter = metrics.httpRequests.labels(labels);
        const histogram = metrics.httpRequestDuration.labels(labels);
        found = { inc: () => counter.inc(), observe: (value) => histogram.observe(value) };
        series.set(key, found);
      }
      return found;
    };
    app.addHook('onResponse', (request, reply, done) => {
      const s = seriesOf(request.method, routeOf(request).url ?? 'unmatched', reply.statusCode);
      s.inc();
      s.observe(reply.elapsedTime / 1000);
      done();
    });
  },
  { name: 'phoneset-http-metrics', fastify: '5.x' },
);
