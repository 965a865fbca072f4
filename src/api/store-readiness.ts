import type { ReadinessCheck } from './api-deps.js';

/** What readiness needs of the store: its engine, and which migrations it still lacks. */
export interface MigratedStore {
  readonly kind: string;
  pendingMigrations(): Promise<string[]>;
}

/**
 * `/ready` over the store: ready when the database answers and every migration
 * in the code is applied (a replica started before `phoneset migrate` ran on a
 * shared PostgreSQL is not ready). A failed query makes the route answer 503.
 *
 * @example
 * await buildApp({ readiness: storeReadiness(store), store });
 */
export function storeReadiness(store: MigratedStore): ReadinessCheck {
  return {
    async check() {
      const pending = await store.pendingMigrations();
      if (pending.length > 0) return { ok: false, reason: `migrations pending: ${pending.join(', ')}` };
      return { ok: true, details: { store: store.kind, migrations: 'applied' } };
    },
  };
}
