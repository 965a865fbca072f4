/**
 * Which real services the tests talk to.
 *
 * PGlite always runs (in-process). PostgreSQL, Redis and NATS are used when
 * `PHONESET_SERVICES=1` (as `.ci/run` sets it); then a server that does not
 * answer fails the test instead of skipping it.
 *
 * @example
 * for (const backend of BACKENDS) describe(backend, () => { ... });
 */
export const SERVICES = process.env.PHONESET_SERVICES === '1';

export const POSTGRES_URL =
  process.env.PHONESET_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.PHONESET_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const NATS_URL = process.env.PHONESET_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

export type Backend = 'pglite' | 'postgres';
export const BACKENDS: readonly Backend[] = SERVICES ? ['pglite', 'postgres'] : ['pglite'];
