import type { Store } from '../../store/store.js';

/**
 * What the phone routes need from the store: registry reads, the audit trail, the outbox,
 * the atomic write, what ingest shares with a file import (batches, lineage, rejects,
 * blacklist), and the idempotency keys of the write routes.
 */
export type RegistryStore = Pick<
  Store,
  | 'phones'
  | 'audit'
  | 'outbox'
  | 'applyChanges'
  | 'prepareChanges'
  | 'batches'
  | 'lineage'
  | 'rejects'
  | 'blacklist'
  | 'idempotency'
>;
