-- 0008 · Idempotency keys of the API's write routes, kept in the store so that a retry
-- answers with the first response after a restart, and on any API replica.
--
-- One row per (client, key): the key itself is not stored, only its SHA-256; the response
-- holds phone numbers and is stored as an encrypted envelope (key_id names the data key).
-- A row without a response is a reservation: the first request is still running (or its
-- process died: a reservation older than the lease may be taken over).
CREATE TABLE idempotency_keys (
  client_id    text        NOT NULL,
  key_sha256   text        NOT NULL,
  body_sha256  text        NOT NULL,            -- the request the key was first used with
  status       integer,                         -- HTTP status of the stored response
  response     text,                            -- encrypted JSON envelope; NULL while running
  key_id       text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  expires_at   timestamptz NOT NULL,
  PRIMARY KEY (client_id, key_sha256)
);

-- Expired keys are swept by their expiry.
CREATE INDEX idempotency_keys_expires_at_idx ON idempotency_keys (expires_at);
