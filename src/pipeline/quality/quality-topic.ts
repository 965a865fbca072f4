/**
 * Topic of data-quality events in the outbox and on the event stream (a batch quarantined, a
 * quarantine ended), keyed by batch id.
 *
 * @example
 * await store.outbox.readAfter('0', { topic: QUALITY_TOPIC });
 */
export const QUALITY_TOPIC = 'phoneset-quality';
