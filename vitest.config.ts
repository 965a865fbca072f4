import { defineConfig } from 'vitest/config';

// Service-backed tests (PostgreSQL, Redis) run when PHONESET_SERVICES=1,
// as .ci/run sets it; there a missing server fails the run. See test/support/services.ts.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    testTimeout: 180_000,
    hookTimeout: 240_000,
  },
});
