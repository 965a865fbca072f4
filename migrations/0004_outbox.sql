-- 0004 · The embedded event log: a transactional outbox and consumer offsets.
-- Events are written in the same transaction as the change they describe;
-- consumers (the change feed, NATS/Kafka relays) read after their last offset.
-- Phone numbers in payloads are encrypted envelopes (key_id names the key).
CREATE TABLE outbox_events (
  id         bigserial   PRIMARY KEY,
  topic      text        NOT NULL,
  key        text,                     -- partition key (the customer id)
  payload    jsonb       NOT NULL,
  key_id     text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE consumer_offsets (
  consumer   text        PRIMARY KEY,
  last_id    bigint      NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);
