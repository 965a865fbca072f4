import type { Store } from '../../store/store.js';

/** What the phone routes need from the store: registry reads, the audit trail, the outbox, and the atomic write. */
export type RegistryStore = Pick<Store, 'phones' | 'audit' | 'outbox' | 'applyChanges'>;

/**
 * Topic of registry change events in the outbox (the import pipeline writes the same one).
 *
 * @example
 * await store.outbox.readAfter(lastId, { topic: CHANGE_TOPIC });
 */
export const CHANGE_TOPIC = 'customer-phone-updates';
