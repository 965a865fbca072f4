import type { FastifyServerOptions } from 'fastify';

/** pino options as Fastify accepts them (pino itself is Fastify's dependency, not ours). */
export type LoggerOptions = Exclude<FastifyServerOptions['logger'], boolean | undefined>;

export interface LoggerConfig {
  /** pino level: fatal, error, warn, info, debug, trace or silent. Default info. */
  level?: string;
}

/**
 * pino options for structured JSON logs. Credentials and phone numbers are
 * redacted wherever they appear in logged requests or bindings, so logs never
 * hold personal data or secrets.
 *
 * @example
 * const app = Fastify({ logger: loggerOptions({ level: 'warn' }) });
 */
export function loggerOptions(config: LoggerConfig = {}): LoggerOptions {
  return {
    level: config.level ?? 'info',
    base: { service: 'phoneset' },
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers["x-api-key"]',
        'req.headers.cookie',
        '*.phone_number',
        '*.phone',
        '*.normalized',
      ],
      censor: '[redacted]',
    },
  };
}
