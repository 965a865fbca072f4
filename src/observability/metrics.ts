import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** The quality dimensions, as ARCHITECTURE.md §6 names them. */
export const QUALITY_DIMENSIONS = [
  'completeness',
  'accuracy',
  'uniqueness',
  'validity',
  'timeliness',
] as const;

export interface MetricsConfig {
  /** Also export Node's process metrics (CPU, memory, event-loop lag). Default true. */
  processMetrics?: boolean;
  /** Called on each scrape to set `active_phone_records_total` (the store counts live rows). */
  countActiveRecords?: () => Promise<number>;
  /** Called on each scrape to set `data_quality_score{dimension}` from the latest registry measurement. */
  latestQuality?: () => Promise<Partial<Record<string, number | null>> | undefined>;
}

/**
 * The product's Prometheus metrics on their own registry (never the global one,
 * so two apps in one process, as in tests, do not collide).
 */
export interface Metrics {
  registry: Registry;
  phoneValidations: Counter<'status' | 'country'>;
  phoneValidationDuration: Histogram<never>;
  activePhoneRecords: Gauge<never>;
  dataQualityScore: Gauge<'dimension'>;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpRequestDuration: Histogram<'method' | 'route' | 'status'>;
}

/**
 * Creates the metrics registry with every phoneset metric registered.
 *
 * @example
 * const metrics = createMetrics({ countActiveRecords: () => store.countActive() });
 * metrics.phoneValidations.inc({ status: 'valid', country: 'CO' });
 * const text = await metrics.registry.metrics();
 */
export function createMetrics(config: MetricsConfig = {}): Metrics {
  const registry = new Registry();
  if (config.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const countActiveRecords = config.countActiveRecords;
  const latestQuality = config.latestQuality;
  return {
    registry,
    phoneValidations: new Counter({
      name: 'phone_validations_total',
      help: 'Phone numbers validated, by verdict (valid, invalid) and detected country.',
      labelNames: ['status', 'country'] as const,
      registers: [registry],
    }),
    phoneValidationDuration: new Histogram({
      name: 'phone_validation_duration_seconds',
      help: 'Time to normalize and validate one phone number.',
      // The engine answers in microseconds; the default buckets start at 5 ms.
      buckets: [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01],
      registers: [registry],
    }),
    activePhoneRecords: new Gauge({
      name: 'active_phone_records_total',
      help: 'Live (not deleted, not merged) records in the phone registry.',
      registers: [registry],
      async collect() {
        if (countActiveRecords) this.set(await countActiveRecords());
      },
    }),
    dataQualityScore: new Gauge({
      name: 'data_quality_score',
      help: 'Latest registry quality score (0-1) per dimension (completeness, accuracy, uniqueness, validity, timeliness).',
      labelNames: ['dimension'] as const,
      registers: [registry],
      async collect() {
        if (!latestQuality) return;
        // A failed lookup leaves the last values: a scrape must not fail on the store.
        const scores = await latestQuality().catch(() => undefined);
        for (const [dimension, value] of Object.entries(scores ?? {})) {
          if (typeof value === 'number') this.set({ dimension }, value);
        }
      },
    }),
    httpRequests: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    }),
    httpRequestDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency, by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
  };
}
