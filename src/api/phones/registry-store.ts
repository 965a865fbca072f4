import type { Store } from '../../store/store.js';

/**
 * What the phone routes need from the store: registry reads, the audit trail, the outbox,
 * the atomic write, and what ingest shares with a file import (batches, lineage, rejects,
 * blacklist).
 */
export type RegistryStore = Pick<
  Store,
  'phones' | 'audit' | 'outbox' | 'applyChanges' | 'batches' | 'lineage' | 'rejects' | 'blacklist'
>;
