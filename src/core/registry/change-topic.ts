/**
 * Topic of registry change events in the outbox and on the event stream, keyed by
 * customer id (ARCHITECTURE §1). Every writer (import, API, dedupe) and every
 * reader (change feed, cache follower, GraphQL subscription) names it from here.
 *
 * @example
 * await store.outbox.readAfter(lastId, { topic: CHANGE_TOPIC });
 */
export const CHANGE_TOPIC = 'customer-phone-updates';
